package sqlstore

import (
	"context"
	"encoding/json"

	"remit"
)

// dataMigrations run in the same transaction as the SQL migration of the
// same dialect and version, right after it, for what SQL alone cannot
// compute. Each dialect has its own series of migrations.
var dataMigrations = map[string]map[int]func(ctx context.Context, t *tx) error{
	"sqlite": {2: backfillCustomerSearch},
}

// backfillCustomerSearch fills the search columns, metadata rows and
// trigram documents of the customers stored before migration 2. Case
// folding is Go's (Unicode), which SQL's lower() is not.
func backfillCustomerSearch(ctx context.Context, t *tx) error {
	type row struct {
		rowid int64
		scope remit.Scope
		c     remit.Customer
	}
	var after int64
	for {
		rows, err := t.query(ctx, `SELECT rowid, account_id, livemode, data, deleted, created_ns FROM customers WHERE rowid > ? ORDER BY rowid LIMIT 1000`, after)
		if err != nil {
			return err
		}
		var batch []row
		for rows.Next() {
			var r row
			var data []byte
			if err := rows.Scan(&r.rowid, &r.scope.Account, &r.scope.Livemode, &data, &r.c.Deleted, &r.c.CreatedNano); err != nil {
				rows.Close()
				return err
			}
			if err := json.Unmarshal(data, &r.c); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			e, n, p := foldedColumns(&r.c)
			if _, err := t.exec(ctx, `UPDATE customers SET email_ci = ?, name_ci = ?, phone_ci = ? WHERE rowid = ?`, e, n, p, r.rowid); err != nil {
				return err
			}
			if err := t.indexCustomer(ctx, r.scope, r.rowid, &r.c, nil); err != nil {
				return err
			}
		}
		// The trigram documents wait in t until flushed (see indexCustomer);
		// no savepoint is open here, so write each batch's now rather than
		// holding every customer's document in memory until the end.
		if err := t.flush(ctx); err != nil {
			return err
		}
		after = batch[len(batch)-1].rowid
	}
}
