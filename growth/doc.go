// Package growth finds where each account can grow and watches the work of
// growing it: the white space of offerings its buying centres do not hold,
// its share of wallet, the opportunity pipeline, and whether the account
// hears one coordinated voice.
//
// It reads the accounts of package account (their hierarchy, Tier,
// Segment, Industry, Owner and Internal fields), their transactions
// (tagged with an [account.Transaction.Offering]) and interactions (with
// the seller's [account.Interaction.Division] and the
// [account.Interaction.OfferingFamily] they were about), and a catalogue
// of offerings:
//
//	holdings, err := growth.HoldingsFromTransactions(store.Transactions(ctx, account.TransactionFilter{}), now)
//	sizes, err := growth.SizesFromTransactions(accounts, store.Transactions(ctx, account.TransactionFilter{}), now)
//	ws, err := growth.NewWhiteSpace(growth.Portfolio{Accounts: accounts, Offerings: catalogue,
//		Holdings: holdings, Sizes: sizes}, growth.WhiteSpaceOptions{At: now, Currency: "NZD", Peers: growth.PeerTier})
//	top, err := ws.Suggestions("kauri") // "held by 31 of 40 tier-1 peers; peer median NZD 52,000.00 a year"
//	shares, err := growth.ShareOfWallet(accounts, catalogue, estimates, store.Transactions(ctx, account.TransactionFilter{}))
//	fell := growth.Fallen(growth.Trends(shares))
//	rep, err := growth.Coordination(accounts, store.Interactions(ctx, account.InteractionFilter{}),
//		growth.CoordinationOptions{Window: 14 * 24 * time.Hour})
//
// Every error for input the package cannot use wraps [ErrInvalid], with an
// [*account.FieldError] naming the record and field at fault, and a more
// specific sentinel where one helps: [ErrAudience], [ErrCurrency] (which
// also wraps [account.ErrCurrencyMismatch]), [ErrUnknown], [ErrOrder],
// [ErrUnknownStage], [ErrHistoryRewritten], [ErrPipelineCurrency].
// Money is [account.Money]; shares are decimals; no result depends on the
// order of its input, on map order or on the clock.
//
// # Offerings and buying centres
//
// An [Offering] is a product or service: an ID, a name, a family (the
// category of a wallet and the subject of an interaction), the
// audience it serves ([account.Audience]: external customers, internal
// departments or both)
// and its [Lifecycle] (active, retiring, retired). A [Holding] records
// that an account holds an offering from Start until End, worth Annual a
// year; [HoldingsFromTransactions] derives holdings from the last twelve
// months of tagged transactions.
//
// An account's buying centres are its direct children in the hierarchy,
// its subsidiaries or departments; an account with no children is its own
// single buying centre ([BuyingCentres]). A holding of an account deeper
// down counts for the buying centre above it. An account's size, by which
// its peers' values are scaled, is its tree's revenue (or, for an internal
// customer, its cost) over the last twelve months
// ([SizesFromTransactions]), unless the caller gives another measure.
//
// # White space
//
// [NewWhiteSpace] builds, for every top-level account, the [Matrix] of
// its buying centres against the catalogue. Each [Cell] is held (with its
// annual value), in the pipeline (the caller lists those cells, such as
// the open opportunities of the pipeline), open, or ineligible: the
// offering does not serve the centre's audience, is retiring or retired,
// or the caller's rule says no ([IneligibleReason]).
//
// Each account gets ranked suggestions for its open cells. Its peers are
// the other top-level accounts with the same segment, tier, industry or
// size band ([PeerKey]); a group with fewer than
// [WhiteSpaceOptions.MinPeers] other members (default [DefaultMinPeers],
// 10) gives no suggestion rather than a noisy one. For an offering its
// peers hold, the expected value is the median, over the holders, of
// what each pays a year per unit of its size, times the account's size,
// less what the account pays for the offering now; it is exact and
// rounded to the currency's minor unit. Suggestions rank by the number of
// peers holding the offering, then by expected value, then by offering ID,
// and each says why: "held by 31 of 40 tier-1 peers; peer median
// NZD 52,000.00 a year". A held cell, or one in the pipeline, is never
// suggested.
//
// # Share of wallet
//
// A [WalletEstimate] is the customer's total spend in a category (an
// offering family, or the whole wallet) over a period, with its source and
// date. [ShareOfWallet] divides what the account's tree paid us in that
// category and period (revenue from an external customer; for an internal
// one, the cost charged to it, so the share is the in-house share of its
// spend) by the estimate, exactly, rounded to [SharePlaces]. An estimate
// below our own spend is flagged ([Share.Over]) and its share left above 1,
// not clamped. An estimate in another currency than the transactions is an
// error: convert first. [Trends] pairs consecutive periods of each account
// and category, and [Fallen] lists the accounts whose share fell, the
// largest fall first.
//
// # The opportunity pipeline
//
// An [Opportunity] is a request, a quotation, a mini-project or a renewal
// offered to one buying centre of an account, for some offerings, owned by
// an account manager. The caller defines the sales process as [Stages]:
// the open stages in order, each with its win probability and the time an
// opportunity may stay in it unchanged ([Stage.MaxAge]), then the two
// terminal stages, won and lost. An opportunity's stage, value and
// expected close are not fields but are read from its History, a list of
// [Change] values that is only ever appended to: each records when, by
// whom, from which stage to which, and a new value or expected close if
// any. [Opportunity.AsOf] reads an opportunity as it stood at any instant;
// [AsOf] does so for a whole stream.
//
// [NewPipeline] validates the opportunities against the stages and
// compiles them once; [Pipeline.Figures] then reads, at any instant and
// per account, owner, offering or for all, the open and the weighted
// pipeline (value × probability, exact), the opportunities won and lost in
// a period with the win rate and the value won, the median time spent in
// each stage, the stale opportunities, and the pipeline against a target.
// [Pipeline.Stale] and [Pipeline.Slipping] list the stale opportunities and
// the quotations past their expected close, the longest late first. The
// figures at a past instant equal those of the opportunities replayed up
// to it.
//
//	stages := growth.Stages{
//		{Name: "qualified", Probability: decimal.RequireFromString("0.2"), MaxAge: 30 * 24 * time.Hour},
//		{Name: "proposal", Probability: decimal.RequireFromString("0.5"), MaxAge: 14 * 24 * time.Hour},
//		{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
//		{Name: "lost", Outcome: growth.OutcomeLost},
//	}
//	p, err := growth.NewPipeline(stages, store.Opportunities(ctx, growth.OpportunityFilter{}))
//	if err != nil {
//		return err
//	}
//	figures, err := p.Figures(growth.FigureOptions{
//		AsOf: now, From: quarterStart, To: now, By: growth.GroupByOwner,
//		Targets: map[string]account.Money{"aroha": account.MustParseMoney("NZD 250000")},
//	})
//
// An [OpportunityStore] keeps opportunities with the contract of the
// module's stores; it refuses an update that rewrites history
// ([ErrHistoryRewritten]), and [OpportunityStore.AppendChange] adds one
// change at a version.
//
// # Coordinated coverage
//
// The account manager is meant to be the single point of contact. Reading
// a stream of interactions in the store's order (account, then time),
// [Coordination] finds each [ContactCase]: an account approached about one
// offering family by several divisions, each contact within the window of
// the one before, without its manager, with the people, dates and
// divisions, so that the owner can co-ordinate. It also reports the share
// of each account's contacts, and each tier's, that went through the
// manager. Memory is bounded by the window, not by the stream.
//
// # Storage
//
// [OfferingStore], [HoldingStore] and [EstimateStore] (together [Store])
// keep the catalogue, the holdings and the estimates with the contract of
// the account stores, and [OpportunityStore] the opportunities, whose
// history it only appends to. store/memstore and store/sqlstore implement
// them all; store/storetest checks any implementation with RunGrowth and
// RunOpportunities.
package growth
