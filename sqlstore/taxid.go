package sqlstore

import (
	"context"
	"encoding/json"

	"remit"
)

var (
	sqlInsertTaxID  = static(`INSERT INTO tax_ids (account_id, id, livemode, customer_id, created_ns, data) VALUES (?, ?, ?, ?, ?, ?)`)
	sqlSelectTaxID  = static(`SELECT data, created_ns FROM tax_ids WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlDeleteTaxID  = static(`DELETE FROM tax_ids WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlDeleteTaxIDs = static(`DELETE FROM tax_ids WHERE account_id = ? AND livemode = ? AND customer_id = ?`)
	sqlCountTaxIDs  = static(`SELECT count(*) FROM tax_ids WHERE account_id = ? AND livemode = ? AND customer_id = ?`)
)

func (t *tx) InsertTaxID(ctx context.Context, s remit.Scope, ti *remit.TaxID) error {
	data, err := json.Marshal(ti)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertTaxID, s.Account, ti.ID, s.Livemode, *ti.Customer, ti.CreatedNano, data)
	return err
}

func (t *tx) FindTaxID(ctx context.Context, s remit.Scope, id string) (*remit.TaxID, error) {
	return findOne(t.queryRow(ctx, sqlSelectTaxID, s.Account, id, s.Livemode), scanTaxID)
}

func (t *tx) DeleteTaxID(ctx context.Context, s remit.Scope, id string) error {
	return t.execOne(ctx, sqlDeleteTaxID, s.Account, id, s.Livemode)
}

func (t *tx) DeleteCustomerTaxIDs(ctx context.Context, s remit.Scope, customer string) error {
	_, err := t.exec(ctx, sqlDeleteTaxIDs, s.Account, s.Livemode, customer)
	return err
}

func (t *tx) CountTaxIDs(ctx context.Context, s remit.Scope, customer string) (int, error) {
	var n int
	err := t.queryRow(ctx, sqlCountTaxIDs, s.Account, s.Livemode, customer).Scan(&n)
	return n, err
}

func (t *tx) ListTaxIDs(ctx context.Context, s remit.Scope, f remit.TaxIDFilter) ([]*remit.TaxID, bool, error) {
	q := listQuery{scope: s, table: "tax_ids", cols: "data, created_ns", page: f.Page, cursor: "tax_id",
		where: []string{"customer_id = ?"}, args: []any{f.Customer}}
	return listOf(ctx, t, q, scanTaxID)
}

func scanTaxID(r scanner, ti *remit.TaxID) error {
	var data []byte
	if err := r.Scan(&data, &ti.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, ti)
}
