// Package pack computes the quarterly account-management pack of the
// portfolio example: one report, from the stores, of how the book of
// business stands on an analysis date, how the service promises were
// kept, and what should change.
//
//	rep, err := pack.Run(ctx, store, pack.DefaultConfig(), pack.DefaultAt)
//	err = rep.WriteText(os.Stdout)   // headed sections with aligned tables
//	err = rep.WriteJSON(file)        // the whole report, exact, for other tools
//	err = rep.WriteResultsJSON(file) // the quarterly results only
//	err = rep.WriteICS(file)         // the top accounts' reviews, 12 months ahead
//	err = rep.WriteHTML(file)        // one self-contained page with the five charts
//
// # What it reads
//
// [Run] reads everything from a [Store], the union of the module's storage
// interfaces (memstore.Store and sqlstore.Store implement it), and writes
// nothing: the re-tiering and the assignment are dry runs, and the
// escalations are decided, not recorded. What no store keeps is the
// [Config]: the scorecards, the tier policy with its hysteresis, one
// service model per tier, the assignment policy, the RFM scoring, the
// business calendar, the SLA and escalation policies, the early-warning
// settings, the accounts' budgets and the sales stages of the
// opportunities (Config.Growth). Each is given once: one zone for the
// whole report, one list of budgets, and Config.Models as the one source
// of what a tier gets (review cadence, contact minimum, the names of its
// SLA policy and escalation procedure, workload), which [Config.Validate]
// checks the SLA and escalation policies against. [DefaultConfig] is the
// house configuration, documented field by field, fitted to the sample
// generator's portfolio; every error of Validate wraps [ErrInvalid] and
// names the field at fault.
//
// # What it reports
//
// Each section of the [Report] is a plain struct of exact values, money
// as account.Money and shares as decimals, computed with the module's own
// packages. The commercial sections:
//
//   - Portfolio: what the stores hold, with the external accounts' revenue
//     and the internal accounts' cost to serve over the value window
//     (never added together);
//   - Top accounts by value: the Config.Top accounts with the most revenue
//     (then cost to serve), whose reviews are scheduled and whose changes
//     are shown;
//   - Hierarchy roll-up: each group's totals over its subsidiaries
//     (account.RollUp);
//   - Top accounts by score: the scores of tiering.Service with their
//     explanations;
//   - Re-tiering: the proposed tiers, with hysteresis against the stored
//     ones (last year's), the share of accounts that would move and the
//     transition matrix (tiering.Plan);
//   - Manager assignment: each manager's load against capacity at the
//     proposed tiers and the handovers (assign.Accounts);
//   - RFM segments and concentration: segment counts and the Pareto
//     figures, phrased as "the top 20 of 443 accounts hold 93.0% of
//     revenue" (over every account: internal ones hold no revenue) and
//     "the top 20 of 44 internal accounts hold 71.3% of cost to serve"
//     (segmentation.Service);
//   - Lifetime value: the customer-base models of package clv over the
//     accounts that buy without a contract (those with no contract
//     invoice, Config.Lifetime.ContractPrefix): BG/NBD and Gamma-Gamma
//     fitted to their revenue before the analysis instant, in days, with
//     each parameter's 95% interval, how the fit ended and the
//     frequency/spend correlation; the accounts probably lost, below
//     Config.Lifetime.Threshold, and the transactions expected of the base
//     in the next quarter; the base's lifetime value over
//     Config.Lifetime.Horizon, and the at-risk list, most revenue first,
//     each with its reason (clv.AtRiskList). A fit that fails is reported
//     with its reason, never fatal;
//   - Growth (package growth, configured by Config.Growth): the white
//     space of the top accounts' groups, each with its open cells and its
//     top suggestions with their reasons ("held by 18 of 19 tier-1 peers;
//     peer median NZD 24,191.31 a year"; peers by tier, at least
//     GrowthConfig.MinPeers of them, else no suggestion); the share of
//     wallet with its trend and the accounts whose share fell (for an
//     internal customer the in-house share of its spend); the opportunity
//     pipeline by manager (open, weighted, won, win rate over the value
//     window), the stale opportunities and the slipping quotations; and
//     coordinated coverage: the accounts several divisions approached
//     about one offering family without the manager, with the people and
//     dates, and the share of each tier's contacts through the manager;
//   - Service gaps and stakeholder coverage, at the tiers in force
//     (tiering.ServiceModels.Gaps, engagement.Coverage);
//   - Budgets: each budget's consumption, forecast and flag on the last
//     day counted (review.Budget.Status).
//
// The service sections, over the last calendar quarter:
//
//   - Satisfaction by tier, against the quarter before, with intervals
//     (engagement.Satisfaction, engagement.Compare);
//   - SLA compliance by tier: tickets, cycles (a ticket counts one per
//     metric, and one more per reopening), met and breached, and each
//     tier's metrics pooled (sla.Compliance);
//   - Open SLA breaches and the escalations due at the analysis instant
//     (escalation.Engine); the tickets of an account with no owner are
//     listed, not decided, since escalation starts with the account
//     manager;
//   - Early warning: the detector over the quarter's tickets, which by
//     default warns of an incident that hits 20 accounts within a day;
//   - Changes ahead for the top accounts and their briefings
//     (engagement.Impact);
//   - Reviews of the top accounts: 12 months ahead on the business
//     calendar, each at its tier's cadence (review.ScheduleReviews); a top
//     account whose tier has no cadence, or with no owner to chair its
//     reviews, is listed as not scheduled rather than failing the run;
//   - Overdue action items, and the quarterly results in fiscal quarters
//     (review.Quarterly), in which an account's tier moves from its stored
//     tier to the proposed one.
//
// # One style
//
// The text prints tiers as "tier 1", money as "NZD 1,234.56", shares as
// percentages with one decimal ("93.0%"), dates as 2006-01-02, instants as
// 2006-01-02 15:04 MST in Config.Location and durations as "1d 4h 05m",
// through one set of formatters; [Headings] lists its sections.
//
// # Charts
//
// The HTML report draws its charts from plain fields of the Report (this
// package draws nothing): the Pareto curve from Segments.Revenue.Values
// with Segments.Revenue.Top and .Sentence; the tiers before and after
// from Tiering.Before and Tiering.After; SLA compliance by tier from
// SLAByTier; satisfaction by tier with its intervals from
// Satisfaction[i].Current; each manager's load against capacity from
// Assign.Managers[i].Load and .Capacity.
//
// The same stores and Config give the same Report, whatever the order the
// stores were filled in, and over memstore or sqlstore alike: every list
// has a documented order and ties are broken by ID.
package pack
