package api

import "net/http"

// The API versions whose changes remit follows, by their date: a request
// is in a version when its Stripe-Version's date is on or after it.
const (
	// versionBasil (2025-03-31.basil) removed coupon and promotion_code
	// from customer create and update, and refuses new amount_off coupons
	// of duration forever.
	versionBasil = "2025-03-31"
	// versionClover (2025-09-30.clover) moved discount.coupon (an object)
	// to discount.source.coupon (an id) and promotion_code.coupon to
	// promotion_code.promotion.coupon.
	versionClover = "2025-09-30"
)

// before reports whether the request's API version is older than the
// version released on date (YYYY-MM-DD); versions compare by their date.
func (rq *request) before(date string) bool {
	v := rq.version
	if len(v) > len(date) {
		v = v[:len(date)]
	}
	return v < date
}

// byVersion serves requests of API versions before date with older and the
// others with current: for endpoints whose parameters changed.
func byVersion(date string, older, current http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requestFrom(r.Context()).before(date) {
			older.ServeHTTP(w, r)
			return
		}
		current.ServeHTTP(w, r)
	})
}
