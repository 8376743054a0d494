package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

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
	res, err := t.exec(ctx, sqlUpdateBalanceTxn, data, s.Account, bt.ID, s.Livemode)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return remit.ErrNotFound
	}
	return nil
}

func (t *tx) FindBalanceTransaction(ctx context.Context, s remit.Scope, id string) (*remit.BalanceTransaction, error) {
	var bt remit.BalanceTransaction
	err := scanBalanceTxn(t.queryRow(ctx, sqlSelectBalanceTxn, s.Account, id, s.Livemode), &bt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, remit.ErrNotFound
	}
	return &bt, err
}

func (t *tx) ListBalanceTransactions(ctx context.Context, s remit.Scope, f remit.BalanceTransactionFilter) ([]*remit.BalanceTransaction, bool, error) {
	q := listQuery{scope: s, table: "customer_balance_transactions", cols: "data, created_ns", page: f.Page,
		cursor: "customer balance transaction", where: []string{"customer_id = ?"}, args: []any{f.Customer}}
	if f.Invoice != nil {
		q.where, q.args = append(q.where, "invoice_id = ?"), append(q.args, *f.Invoice)
	}
	out := make([]*remit.BalanceTransaction, 0, f.Limit)
	more, err := q.run(ctx, t, func(r *sql.Rows) error {
		var bt remit.BalanceTransaction
		if err := scanBalanceTxn(r, &bt); err != nil {
			return err
		}
		out = append(out, &bt)
		return nil
	})
	if f.EndingBefore != "" {
		reverse(out)
	}
	return out, more, err
}

func scanBalanceTxn(r scanner, bt *remit.BalanceTransaction) error {
	var data []byte
	if err := r.Scan(&data, &bt.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, bt)
}
