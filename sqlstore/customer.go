package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"remit"
)

var (
	sqlInsertCustomer = static(`INSERT INTO customers (account_id, id, livemode, created_ns, deleted, email, invoice_prefix, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdateCustomer = static(`UPDATE customers SET deleted = ?, email = ?, invoice_prefix = ?, data = ?
		WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectCustomer     = static(`SELECT data, deleted, created_ns FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectCustomerJSON = static(`SELECT data, deleted FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlCountInvoicePrefix = static(`SELECT count(*) FROM customers WHERE account_id = ? AND livemode = ? AND invoice_prefix = ?`)
)

func (t *tx) InsertCustomer(ctx context.Context, s remit.Scope, c *remit.Customer) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertCustomer,
		s.Account, c.ID, s.Livemode, c.CreatedNano, c.Deleted, c.Email, c.InvoicePrefix, data)
	return customerConflict(err, c)
}

func (t *tx) UpdateCustomer(ctx context.Context, s remit.Scope, c *remit.Customer) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, sqlUpdateCustomer,
		c.Deleted, c.Email, c.InvoicePrefix, data, s.Account, c.ID, s.Livemode)
	if err != nil {
		return customerConflict(err, c)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return remit.ErrNotFound
	}
	return nil
}

// customerConflict turns a unique violation (the only unique key besides the
// id is the invoice prefix) into Stripe's error.
func customerConflict(err error, c *remit.Customer) error {
	if errors.Is(err, errUnique) && c.InvoicePrefix != nil {
		return remit.Errorf("", "invoice_prefix", "The invoice prefix %s is already used by another customer.", *c.InvoicePrefix)
	}
	return err
}

func (t *tx) FindCustomer(ctx context.Context, s remit.Scope, id string) (*remit.Customer, error) {
	var c remit.Customer
	err := scanCustomer(t.queryRow(ctx, sqlSelectCustomer,
		s.Account, id, s.Livemode), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, remit.ErrNotFound
	}
	return &c, err
}

func (t *tx) FindCustomerJSON(ctx context.Context, s remit.Scope, id string) ([]byte, bool, error) {
	var data []byte
	var deleted bool
	err := t.queryRow(ctx, sqlSelectCustomerJSON, s.Account, id, s.Livemode).Scan(&data, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, remit.ErrNotFound
	}
	return data, deleted, err
}

func (t *tx) ListCustomers(ctx context.Context, s remit.Scope, f remit.CustomerFilter) ([]*remit.Customer, bool, error) {
	q := listQuery{scope: s, table: "customers", cols: "data, deleted, created_ns", page: f.Page, cursor: "customer",
		where: []string{"deleted = 0"}}
	if f.Email != nil {
		q.where, q.args = append(q.where, "email = ?"), append(q.args, *f.Email)
	}
	out := make([]*remit.Customer, 0, f.Limit)
	more, err := q.run(ctx, t, func(r *sql.Rows) error {
		var c remit.Customer
		if err := scanCustomer(r, &c); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	if f.EndingBefore != "" {
		reverse(out)
	}
	return out, more, err
}

func (t *tx) InvoicePrefixTaken(ctx context.Context, s remit.Scope, prefix string) (bool, error) {
	var n int
	err := t.queryRow(ctx, sqlCountInvoicePrefix,
		s.Account, s.Livemode, prefix).Scan(&n)
	return n > 0, err
}

type scanner interface{ Scan(dest ...any) error }

func scanCustomer(r scanner, c *remit.Customer) error {
	var data []byte
	if err := r.Scan(&data, &c.Deleted, &c.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, c)
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
