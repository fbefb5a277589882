// Package account is the shared vocabulary of keyaccount: accounts and their
// hierarchies, the people around them (contacts and account managers), the
// money that flows through them (transactions) and the contact the account
// team has with them (interactions), with validation, exact money, and the
// storage interfaces the rest of the module reads through.
//
// Every other package of the module imports this one; it imports none of
// them.
//
// # Money
//
// [Money] is an exact [decimal.Decimal] amount with an ISO 4217 [Currency],
// checked against a built-in table of the active codes and their minor units.
// Adding, subtracting or comparing amounts in different currencies is an
// error wrapping [ErrCurrencyMismatch]; nothing converts silently. Amounts are
// never rounded unless asked ([Money.Round], [Money.RoundBank]). Money prints
// as "NZD 1,234.50" ([Money.String]), parses from that or from a plain
// "1234.50" with a default currency ([ParseMoney]), and marshals to JSON with
// the amount as a string so that it survives any JSON reader exactly.
//
//	price := account.MustParseMoney("NZD 1,234.50")
//	fee, _ := account.ParseMoney("12.3", "NZD")
//	total, err := price.Add(fee) // NZD 1,246.80
//
// The text forms are strict, so that what is accepted is what is written:
// the code and the amount are separated by exactly one space, with none
// before or after; the JSON form is null or an object with exactly the
// members "amount" (a string or a number) and "currency" (a string), each
// once, names matched exactly, a null member counting as missing, and
// nothing after the object. An amount read from text has at most
// [MaxIntegerDigits] (40) digits before the decimal point and
// [MaxFractionDigits] (18) after it, checked before anything is parsed, so
// that reading costs time in proportion to the text however long it is;
// more is refused with a [*FieldError] on the amount. Values built with
// [NewMoney] or by arithmetic are not limited.
//
// # Records and validation
//
// [Account], [Contact], [Manager], [Transaction] and [Interaction] are plain
// structs. Each has a Validate method that reports every problem as a
// [*FieldError] naming the record, its ID, the field and the value at fault,
// joined with [errors.Join]. Test for them with [errors.As], or for
// [ErrInvalid] with [errors.Is]; never compare strings.
//
// IDs are distinct string types ([ID] for accounts, [ManagerID], [ContactID],
// [TransactionID], [InteractionID]), so an account ID cannot be passed where
// a manager's is wanted. Wherever the module orders by ID it compares bytes.
//
// [Tier] 1 is the highest tier; the zero Tier is [Unassigned].
//
// # Hierarchies
//
// Accounts form a forest through their Parent field: a global account and
// its subsidiaries, or a division and its departments. [NewHierarchy] builds
// it and reports every dangling parent and every cycle by name.
// [Hierarchy.UltimateParent] finds the top of an account's tree, and
// [RollUp] totals any per-account value (money, counts, decimals) up to
// every ancestor:
//
//	h, err := account.NewHierarchy(accounts)
//	totals, err := account.RollUp(h, revenueByAccount, account.Money.Add)
//
// Traversals are deterministic: siblings in ascending ID order, parents
// before children.
//
// # Storage
//
// [AccountStore], [ContactStore], [ManagerStore], [TransactionStore] and
// [InteractionStore] are small, context-first interfaces; [Store] combines
// them. Lists are [iter.Seq2] sequences in a documented order, so that a
// million rows never need to be in memory at once. Writes to accounts,
// contacts and managers use optimistic concurrency: each carries the
// version it read, and a stale write fails with [ErrConflict]. A missing
// record is [ErrNotFound]. Transactions and interactions are append-only
// logs. The full contract is in the comment above [AccountReader]; package
// store/memstore implements it in memory and store/storetest checks any
// implementation against it.
//
// # Batches of updates
//
// [UpdateAccounts] writes a batch of accounts, each with the version read,
// and reports the outcome as an [Applied]: the accounts written, how many
// needed no write, and each [Conflict], an account someone changed or
// deleted since it was read, which is not overwritten while the others are
// still written. The service shells of package tiering (new tiers) and
// package assign (new owners) store their runs this way:
//
//	out, err := account.UpdateAccounts(ctx, store, batch, func(stored, want account.Account) bool {
//		return stored.Segment == want.Segment // already done: a batch applied twice writes nothing
//	})
//	for _, c := range out.Conflicts {
//		// c.Account changed meanwhile (c.Err wraps ErrConflict or ErrNotFound): read it again
//	}
package account
