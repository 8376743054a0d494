package sqlstore

import (
	"context"
	"encoding/json"
	"errors"

	"remit"
)

var (
	sqlInsertCoupon = static(`INSERT INTO coupons (account_id, livemode, id, created_ns, deleted, redeem_by, max_redemptions, times_redeemed, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdateCoupon = static(`UPDATE coupons SET deleted = ?, redeem_by = ?, max_redemptions = ?, times_redeemed = ?, data = ?
		WHERE account_id = ? AND livemode = ? AND id = ?`)
	sqlSelectCoupon = static(`SELECT data, deleted, created_ns FROM coupons WHERE account_id = ? AND livemode = ? AND id = ?`)
)

func (t *tx) InsertCoupon(ctx context.Context, s remit.Scope, c *remit.Coupon) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertCoupon,
		s.Account, s.Livemode, c.ID, c.CreatedNano, c.Deleted, c.RedeemBy, c.MaxRedemptions, c.TimesRedeemed, data)
	if errors.Is(err, errUnique) {
		return remit.Errorf("resource_already_exists", "id", "Coupon already exists: a coupon with the id %q exists or existed (the ids of deleted coupons stay taken).", c.ID)
	}
	return err
}

func (t *tx) UpdateCoupon(ctx context.Context, s remit.Scope, c *remit.Coupon) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, sqlUpdateCoupon,
		c.Deleted, c.RedeemBy, c.MaxRedemptions, c.TimesRedeemed, data, s.Account, s.Livemode, c.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return remit.ErrNotFound
	}
	return nil
}

func (t *tx) FindCoupon(ctx context.Context, s remit.Scope, id string) (*remit.Coupon, error) {
	return findOne(t.queryRow(ctx, sqlSelectCoupon, s.Account, s.Livemode, id), scanCoupon)
}

func (t *tx) ListCoupons(ctx context.Context, s remit.Scope, f remit.CouponFilter) ([]*remit.Coupon, bool, error) {
	q := listQuery{scope: s, table: "coupons", cols: "data, deleted, created_ns", page: f.Page, cursor: "coupon",
		where: []string{"deleted = 0"}}
	return listOf(ctx, t, q, scanCoupon)
}

func scanCoupon(r scanner, c *remit.Coupon) error {
	var data []byte
	var deleted bool
	var created int64
	if err := r.Scan(&data, &deleted, &created); err != nil {
		return err
	}
	if err := json.Unmarshal(data, c); err != nil {
		return err
	}
	c.Deleted, c.CreatedNano = deleted, created
	return nil
}
