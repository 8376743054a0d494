package remit

import (
	"context"
	"fmt"
	"time"
)

// PrefixDiscount is the id prefix of discounts.
const PrefixDiscount = "di_"

// Discount is Stripe's discount object: the application of a coupon (or
// of a promotion code's coupon) to a customer. It is stored on the
// customer in the shape of API versions from 2025-09-30.clover on
// (source.coupon holds the coupon id); the API layer shows older versions
// a top-level coupon object instead.
type Discount struct {
	ID               string         `json:"id"`
	Object           string         `json:"object"`
	CheckoutSession  *string        `json:"checkout_session"`
	Customer         *string        `json:"customer"`
	CustomerAccount  *string        `json:"customer_account"`
	End              *int64         `json:"end"`
	Invoice          *string        `json:"invoice"`
	InvoiceItem      *string        `json:"invoice_item"`
	PromotionCode    *string        `json:"promotion_code"`
	Source           DiscountSource `json:"source"`
	Start            int64          `json:"start"`
	Subscription     *string        `json:"subscription"`
	SubscriptionItem *string        `json:"subscription_item"`
}

// DiscountSource is what a discount was made from: always a coupon so far.
type DiscountSource struct {
	Type   string  `json:"type"`
	Coupon *string `json:"coupon"`
}

// DeletedDiscount is what removing a discount returns: the discount's
// fields but end, and deleted.
type DeletedDiscount struct {
	ID               string         `json:"id"`
	Object           string         `json:"object"`
	CheckoutSession  *string        `json:"checkout_session"`
	Customer         *string        `json:"customer"`
	CustomerAccount  *string        `json:"customer_account"`
	Deleted          bool           `json:"deleted"`
	Invoice          *string        `json:"invoice"`
	InvoiceItem      *string        `json:"invoice_item"`
	PromotionCode    *string        `json:"promotion_code"`
	Source           DiscountSource `json:"source"`
	Start            int64          `json:"start"`
	Subscription     *string        `json:"subscription"`
	SubscriptionItem *string        `json:"subscription_item"`
}

// DiscountParams name what to redeem on a customer: a coupon or a
// promotion code. API versions before 2025-03-31.basil take them as the
// coupon and promotion_code parameters of customer create and update.
type DiscountParams struct {
	Coupon        *string
	PromotionCode *string
}

// ApplyCustomerDiscount redeems p on the live customer c, replacing any
// discount c has, and stores c. The coupon must exist and be valid
// (resource_missing or coupon_expired, param coupon); a promotion code
// must exist, be active, unexpired, under its max_redemptions and, if it
// is restricted to a customer, be c's, and its coupon valid. Redeeming
// counts on the coupon and on the promotion code. An amount_off coupon
// locks c's currency to its own.
func (svc *Service) ApplyCustomerDiscount(ctx context.Context, tx Tx, s Scope, c *Customer, p DiscountParams) error {
	if p.Coupon == nil && p.PromotionCode == nil {
		return nil
	}
	if p.Coupon != nil && p.PromotionCode != nil {
		return Errorf("parameters_exclusive", "promotion_code", "You may only specify one of these parameters: coupon, promotion_code.")
	}
	var coupon *Coupon
	var promo *PromotionCode
	param := "coupon"
	if p.PromotionCode != nil {
		param = "promotion_code"
		var err error
		if promo, err = svc.redeemablePromotionCode(ctx, tx, s, c, *p.PromotionCode); err != nil {
			return err
		}
		if coupon, err = svc.redeemableCoupon(ctx, tx, s, *promo.Promotion.Coupon, param); err != nil {
			return err
		}
	} else {
		var err error
		if coupon, err = svc.redeemableCoupon(ctx, tx, s, *p.Coupon, param); err != nil {
			return err
		}
	}
	if coupon.Currency != nil {
		if err := c.LockCurrency(*coupon.Currency, param); err != nil {
			return err
		}
	}

	now := svc.Now()
	d := &Discount{
		ID:       svc.IDs.NewID(PrefixDiscount, 24),
		Object:   "discount",
		Customer: &c.ID,
		Source:   DiscountSource{Type: "coupon", Coupon: &coupon.ID},
		Start:    now.Unix(),
	}
	if coupon.Duration == DurationRepeating && coupon.DurationInMonths != nil {
		end := time.Unix(d.Start, 0).UTC().AddDate(0, int(*coupon.DurationInMonths), 0).Unix()
		d.End = &end
	}
	if promo != nil {
		d.PromotionCode = &promo.ID
		promo.TimesRedeemed++
		if err := tx.UpdatePromotionCode(ctx, s, promo); err != nil {
			return err
		}
	}
	coupon.TimesRedeemed++
	if err := tx.UpdateCoupon(ctx, s, coupon); err != nil {
		return err
	}
	c.Discount = d
	return tx.UpdateCustomer(ctx, s, c)
}

// redeemablePromotionCode loads a promotion code that customer c may
// redeem now.
func (svc *Service) redeemablePromotionCode(ctx context.Context, tx Tx, s Scope, c *Customer, id string) (*PromotionCode, error) {
	const param = "promotion_code"
	pc, err := tx.FindPromotionCode(ctx, s, id)
	if err != nil {
		return nil, missingParam(err, "promotion code", param, id)
	}
	refuse := func(why string) error {
		return Errorf("", param, "The promotion code %s cannot be redeemed: %s.", pc.Code, why)
	}
	switch {
	case !pc.Active:
		return nil, refuse("it is inactive")
	case pc.ExpiresAt != nil && svc.Now().Unix() > *pc.ExpiresAt:
		return nil, refuse(fmt.Sprintf("it expired at %d", *pc.ExpiresAt))
	case pc.MaxRedemptions != nil && pc.TimesRedeemed >= *pc.MaxRedemptions:
		return nil, refuse(fmt.Sprintf("it reached its max_redemptions of %d", *pc.MaxRedemptions))
	case pc.Customer != nil && *pc.Customer != c.ID:
		return nil, refuse("it is restricted to another customer")
	}
	return pc, nil
}

// CustomerDiscount returns the discount of a live customer; a customer
// without one answers resource_missing (404).
func (svc *Service) CustomerDiscount(ctx context.Context, tx Tx, s Scope, customer string) (*Discount, error) {
	c, err := liveCustomer(ctx, tx, s, customer)
	if err != nil {
		return nil, err
	}
	if c.Discount == nil {
		return nil, noDiscount(c.ID)
	}
	return c.Discount, nil
}

// DeleteCustomerDiscount removes the discount of a live customer and
// returns it as a deleted_discount; without one it is resource_missing
// (404). The coupon's times_redeemed and the customer's currency stay.
func (svc *Service) DeleteCustomerDiscount(ctx context.Context, tx Tx, s Scope, customer string) (*DeletedDiscount, error) {
	c, err := liveCustomer(ctx, tx, s, customer)
	if err != nil {
		return nil, err
	}
	d := c.Discount
	if d == nil {
		return nil, noDiscount(c.ID)
	}
	c.Discount = nil
	if err := tx.UpdateCustomer(ctx, s, c); err != nil {
		return nil, err
	}
	return &DeletedDiscount{
		ID: d.ID, Object: "discount", CheckoutSession: d.CheckoutSession, Customer: d.Customer,
		CustomerAccount: d.CustomerAccount, Deleted: true, Invoice: d.Invoice, InvoiceItem: d.InvoiceItem,
		PromotionCode: d.PromotionCode, Source: d.Source, Start: d.Start, Subscription: d.Subscription,
		SubscriptionItem: d.SubscriptionItem,
	}, nil
}

func noDiscount(customer string) error {
	return &Error{Kind: KindNotFound, Code: "resource_missing", Param: "customer",
		Message: fmt.Sprintf("No active discount for customer: '%s'", customer)}
}
