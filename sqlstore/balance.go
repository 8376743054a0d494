package sqlstore

import (
	"context"
	"encoding/json"

	"remit"
)

var (
	sqlInsertBalanceTxn = static(`INSERT INTO customer_balance_transactions (account_id, id, livemode, customer_id, created_ns, invoice_id, data)
		VALUES (?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdateBalanceTxn = static(`UPDATE customer_balance_transactions SET data = ? WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectBalanceTxn = static(`SELECT data, created_ns FROM customer_balance_transactions WHERE account_id = ? AND id = ? AND livemode = ?`)
)

func (t *tx) InsertBalanceTransaction(ctx context.Context, s remit.Scope, bt *remit.BalanceTransaction) error {
	data, err := json.Marshal(bt)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertBalanceTxn, s.Account, bt.ID, s.Livemode, bt.Customer, bt.CreatedNano, bt.Invoice, data)
	return err
}

func (t *tx) UpdateBalanceTransaction(ctx context.Context, s remit.Scope, bt *remit.BalanceTransaction) error {
	data, err := json.Marshal(bt)
	if err != nil {
		return err
	}
	return t.execOne(ctx, sqlUpdateBalanceTxn, data, s.Account, bt.ID, s.Livemode)
}

func (t *tx) FindBalanceTransaction(ctx context.Context, s remit.Scope, id string) (*remit.BalanceTransaction, error) {
	return findOne(t.queryRow(ctx, sqlSelectBalanceTxn, s.Account, id, s.Livemode), scanBalanceTxn)
}

func (t *tx) ListBalanceTransactions(ctx context.Context, s remit.Scope, f remit.BalanceTransactionFilter) ([]*remit.BalanceTransaction, bool, error) {
	q := listQuery{scope: s, table: "customer_balance_transactions", cols: "data, created_ns", page: f.Page,
		cursor: "customer balance transaction", where: []string{"customer_id = ?"}, args: []any{f.Customer}}
	if f.Invoice != nil {
		q.where, q.args = append(q.where, "invoice_id = ?"), append(q.args, *f.Invoice)
	}
	return listOf(ctx, t, q, scanBalanceTxn)
}

func scanBalanceTxn(r scanner, bt *remit.BalanceTransaction) error {
	var data []byte
	if err := r.Scan(&data, &bt.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, bt)
}
