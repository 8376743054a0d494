package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"remit"
)

var (
	sqlInsertCustomer = static(`INSERT INTO customers (account_id, id, livemode, created_ns, deleted, email, invoice_prefix, data, email_ci, name_ci, phone_ci, tax_ip_address)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdateCustomer = static(`UPDATE customers SET deleted = ?, email = ?, invoice_prefix = ?, data = ?, email_ci = ?, name_ci = ?, phone_ci = ?, tax_ip_address = ?
		WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectCustomerRow = static(`SELECT rowid, data, deleted, created_ns FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`)
	// PostgreSQL has no rowid, and no trigram documents that need it.
	sqlSelectCustomerRowPostgres = `SELECT 0, data, deleted, created_ns FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`
	sqlSelectCustomer            = static(`SELECT data, deleted, created_ns, tax_ip_address FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectCustomerJSON        = static(`SELECT data, deleted FROM customers WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlCountInvoicePrefix        = static(`SELECT count(*) FROM customers WHERE account_id = ? AND livemode = ? AND invoice_prefix = ?`)
)

func (t *tx) InsertCustomer(ctx context.Context, s remit.Scope, c *remit.Customer) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	e, n, p := foldedColumns(c)
	res, err := t.exec(ctx, sqlInsertCustomer,
		s.Account, c.ID, s.Livemode, c.CreatedNano, c.Deleted, c.Email, c.InvoicePrefix, data, e, n, p, c.TaxIPAddress)
	if err != nil {
		return customerConflict(err, c)
	}
	var rowid int64
	if !t.s.d.postgres() {
		// The trigram document's docid (SQLite only).
		if rowid, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return t.indexCustomer(ctx, s, rowid, c, nil)
}

// foldedColumns returns the case-folded email, name and phone, or nil.
func foldedColumns(c *remit.Customer) (email, name, phone any) {
	f := func(v *string) any {
		if v == nil {
			return nil
		}
		return fold(*v)
	}
	return f(c.Email), f(c.Name), f(c.Phone)
}

func (t *tx) UpdateCustomer(ctx context.Context, s remit.Scope, c *remit.Customer) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var rowid int64
	var old remit.Customer
	selectRow := sqlSelectCustomerRow
	if t.s.d.postgres() {
		selectRow = sqlSelectCustomerRowPostgres
	}
	err = scanCustomerRow(t.queryRow(ctx, selectRow, s.Account, c.ID, s.Livemode), &rowid, &old)
	if errors.Is(err, sql.ErrNoRows) {
		return remit.ErrNotFound
	}
	if err != nil {
		return err
	}
	e, n, p := foldedColumns(c)
	if _, err := t.exec(ctx, sqlUpdateCustomer,
		c.Deleted, c.Email, c.InvoicePrefix, data, e, n, p, c.TaxIPAddress, s.Account, c.ID, s.Livemode); err != nil {
		return customerConflict(err, c)
	}
	return t.indexCustomer(ctx, s, rowid, c, indexedCustomer(&old))
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
	return findOne(t.queryRow(ctx, sqlSelectCustomer,
		s.Account, id, s.Livemode), scanFullCustomer)
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
		// The index is on the folded email; the exact, case-sensitive
		// comparison then checks the few rows it finds.
		q.where, q.args = append(q.where, "email_ci = ?", "email = ?"), append(q.args, fold(*f.Email), *f.Email)
	}
	return listOf(ctx, t, q, scanCustomer)
}

func (t *tx) InvoicePrefixTaken(ctx context.Context, s remit.Scope, prefix string) (bool, error) {
	var n int
	err := t.queryRow(ctx, sqlCountInvoicePrefix,
		s.Account, s.Livemode, prefix).Scan(&n)
	return n > 0, err
}

type scanner interface{ Scan(dest ...any) error }

func scanCustomerRow(r scanner, rowid *int64, c *remit.Customer) error {
	var data []byte
	if err := r.Scan(rowid, &data, &c.Deleted, &c.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, c)
}

// scanFullCustomer also reads the columns kept outside the JSON.
func scanFullCustomer(r scanner, c *remit.Customer) error {
	var data []byte
	if err := r.Scan(&data, &c.Deleted, &c.CreatedNano, &c.TaxIPAddress); err != nil {
		return err
	}
	return json.Unmarshal(data, c)
}

// scanCustomer reads what lists and searches show; TaxIPAddress, which
// only the includable tax field needs, is left nil.
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
