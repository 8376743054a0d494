package sqlstore

import (
	"context"
	"encoding/json"
	"errors"

	"remit"
)

var (
	sqlInsertPromotionCode = static(`INSERT INTO promotion_codes (account_id, id, livemode, created_ns, code_ci, active, coupon_id, customer_id, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	sqlUpdatePromotionCode = static(`UPDATE promotion_codes SET active = ?, data = ? WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlSelectPromotionCode = static(`SELECT data, active, created_ns FROM promotion_codes WHERE account_id = ? AND id = ? AND livemode = ?`)
	sqlPromotionCodeTaken  = static(`SELECT count(*) FROM promotion_codes WHERE account_id = ? AND livemode = ? AND code_ci = ? AND active = 1`)
	sqlDeactivatePromos    = static(`UPDATE promotion_codes SET active = 0 WHERE account_id = ? AND livemode = ? AND coupon_id = ? AND active = 1`)
)

// couponValidSQL is remit.Coupon.ValidAt in SQL, for the promotion code
// row being filtered; its one argument is the Unix time to judge at.
const couponValidSQL = `EXISTS (SELECT 1 FROM coupons c WHERE c.account_id = promotion_codes.account_id
	AND c.livemode = promotion_codes.livemode AND c.id = promotion_codes.coupon_id AND c.deleted = 0
	AND (c.redeem_by IS NULL OR c.redeem_by >= ?) AND (c.max_redemptions IS NULL OR c.times_redeemed < c.max_redemptions))`

func (t *tx) InsertPromotionCode(ctx context.Context, s remit.Scope, pc *remit.PromotionCode) error {
	data, err := json.Marshal(pc)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, sqlInsertPromotionCode, s.Account, pc.ID, s.Livemode, pc.CreatedNano,
		remit.FoldCode(pc.Code), pc.Active, *pc.Promotion.Coupon, pc.Customer, data)
	return promotionCodeConflict(err, pc)
}

func (t *tx) UpdatePromotionCode(ctx context.Context, s remit.Scope, pc *remit.PromotionCode) error {
	data, err := json.Marshal(pc)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, sqlUpdatePromotionCode, pc.Active, data, s.Account, pc.ID, s.Livemode)
	if err != nil {
		return promotionCodeConflict(err, pc)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return remit.ErrNotFound
	}
	return nil
}

// promotionCodeConflict turns a violation of the one unique key besides
// the id, the code among active codes, into its Stripe error.
func promotionCodeConflict(err error, pc *remit.PromotionCode) error {
	if errors.Is(err, errUnique) {
		return remit.CodeTaken(pc.Code)
	}
	return err
}

func (t *tx) FindPromotionCode(ctx context.Context, s remit.Scope, id string) (*remit.PromotionCode, error) {
	return findOne(t.queryRow(ctx, sqlSelectPromotionCode, s.Account, id, s.Livemode), scanPromotionCode)
}

func (t *tx) ListPromotionCodes(ctx context.Context, s remit.Scope, f remit.PromotionCodeFilter) ([]*remit.PromotionCode, bool, error) {
	q := listQuery{scope: s, table: "promotion_codes", cols: "data, active, created_ns", page: f.Page, cursor: "promotion code"}
	// The equality filters come first: the planner picks the index of one
	// of them and checks the others on the rows it finds.
	if f.Code != nil {
		q.where, q.args = append(q.where, "code_ci = ?"), append(q.args, *f.Code)
	}
	if f.Coupon != nil {
		q.where, q.args = append(q.where, "coupon_id = ?"), append(q.args, *f.Coupon)
	}
	if f.Customer != nil {
		q.where, q.args = append(q.where, "customer_id = ?"), append(q.args, *f.Customer)
	}
	if f.Active != nil {
		cond := "(active = 1 AND " + couponValidSQL + ")"
		if !*f.Active {
			cond = "NOT " + cond
		}
		q.where, q.args = append(q.where, cond), append(q.args, f.ValidAt)
	}
	return listOf(ctx, t, q, scanPromotionCode)
}

func (t *tx) PromotionCodeTaken(ctx context.Context, s remit.Scope, code string) (bool, error) {
	var n int
	err := t.queryRow(ctx, sqlPromotionCodeTaken, s.Account, s.Livemode, remit.FoldCode(code)).Scan(&n)
	return n > 0, err
}

func (t *tx) DeactivatePromotionCodes(ctx context.Context, s remit.Scope, coupon string) error {
	_, err := t.exec(ctx, sqlDeactivatePromos, s.Account, s.Livemode, coupon)
	return err
}

// scanPromotionCode reads a row; the active column wins over the JSON's
// copy, which DeactivatePromotionCodes does not rewrite.
func scanPromotionCode(r scanner, pc *remit.PromotionCode) error {
	var data []byte
	var active bool
	var created int64
	if err := r.Scan(&data, &active, &created); err != nil {
		return err
	}
	if err := json.Unmarshal(data, pc); err != nil {
		return err
	}
	pc.Active, pc.CreatedNano = active, created
	return nil
}
