package sqlstore

import (
	"context"
	"encoding/json"

	"remit"
)

var (
	sqlInsertPaymentMethod = static(`INSERT INTO payment_methods (account_id, id, livemode, created_ns, customer_id, type, detached, allow_redisplay, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdatePaymentMethod = static(`UPDATE payment_methods SET customer_id = ?, detached = ?, allow_redisplay = ?, data = ?
		WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectPaymentMethod = static(`SELECT data, detached, created_ns FROM payment_methods WHERE account_id = ? AND id = ? AND livemode = ?`)
)

func (t *tx) InsertPaymentMethod(ctx context.Context, s remit.Scope, pm *remit.PaymentMethod) error {
	data, err := json.Marshal(pm)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertPaymentMethod,
		s.Account, pm.ID, s.Livemode, pm.CreatedNano, pm.Customer, pm.Type, pm.Detached, pm.AllowRedisplay, data)
	return err
}

func (t *tx) UpdatePaymentMethod(ctx context.Context, s remit.Scope, pm *remit.PaymentMethod) error {
	data, err := json.Marshal(pm)
	if err != nil {
		return err
	}
	return t.execOne(ctx, sqlUpdatePaymentMethod,
		pm.Customer, pm.Detached, pm.AllowRedisplay, data, s.Account, pm.ID, s.Livemode)
}

func (t *tx) FindPaymentMethod(ctx context.Context, s remit.Scope, id string) (*remit.PaymentMethod, error) {
	return findOne(t.queryRow(ctx, sqlSelectPaymentMethod,
		s.Account, id, s.Livemode), scanPaymentMethod)
}

func (t *tx) ListPaymentMethods(ctx context.Context, s remit.Scope, f remit.PaymentMethodFilter) ([]*remit.PaymentMethod, bool, error) {
	q := listQuery{scope: s, table: "payment_methods", cols: "data, detached, created_ns", page: f.Page, cursor: "PaymentMethod",
		where: []string{"customer_id = ?"}, args: []any{f.Customer}}
	if f.Type != "" {
		q.where, q.args = append(q.where, "type = ?"), append(q.args, f.Type)
	}
	if f.AllowRedisplay != "" {
		q.where, q.args = append(q.where, "allow_redisplay = ?"), append(q.args, f.AllowRedisplay)
	}
	return listOf(ctx, t, q, scanPaymentMethod)
}

func scanPaymentMethod(r scanner, pm *remit.PaymentMethod) error {
	var data []byte
	if err := r.Scan(&data, &pm.Detached, &pm.CreatedNano); err != nil {
		return err
	}
	return json.Unmarshal(data, pm)
}
