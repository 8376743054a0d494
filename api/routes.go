package api

// routes is the route table; it reads like Stripe's API reference.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("/", s.notFound)

	m.Handle("GET /v1/customers", get(s, s.listCustomers))
	// Before 2025-03-31.basil customer create and update also take coupon
	// and promotion_code.
	m.Handle("POST /v1/customers", byVersion(versionBasil, post(s, s.createCustomerLegacy), post(s, s.createCustomer)))
	m.Handle("GET /v1/customers/search", get(s, s.searchCustomers))
	m.Handle("GET /v1/customers/{customer}", get(s, s.retrieveCustomer))
	m.Handle("POST /v1/customers/{customer}", byVersion(versionBasil, post(s, s.updateCustomerLegacy), post(s, s.updateCustomer)))
	m.Handle("DELETE /v1/customers/{customer}", post(s, s.deleteCustomer))
	m.Handle("GET /v1/customers/{customer}/balance_transactions", get(s, s.listBalanceTransactions))
	m.Handle("POST /v1/customers/{customer}/balance_transactions", post(s, s.createBalanceTransaction))
	m.Handle("GET /v1/customers/{customer}/balance_transactions/{transaction}", get(s, s.retrieveBalanceTransaction))
	m.Handle("POST /v1/customers/{customer}/balance_transactions/{transaction}", post(s, s.updateBalanceTransaction))
	m.Handle("GET /v1/customers/{customer}/tax_ids", get(s, s.listTaxIDs))
	m.Handle("POST /v1/customers/{customer}/tax_ids", post(s, s.createTaxID))
	m.Handle("GET /v1/customers/{customer}/tax_ids/{id}", get(s, s.retrieveTaxID))
	m.Handle("DELETE /v1/customers/{customer}/tax_ids/{id}", post(s, s.deleteTaxID))
	m.Handle("GET /v1/customers/{customer}/discount", get(s, s.retrieveCustomerDiscount))
	m.Handle("DELETE /v1/customers/{customer}/discount", post(s, s.deleteCustomerDiscount))
	m.Handle("GET /v1/customers/{customer}/payment_methods", get(s, s.listCustomerPaymentMethods))
	m.Handle("GET /v1/customers/{customer}/payment_methods/{payment_method}", get(s, s.retrieveCustomerPaymentMethod))

	m.Handle("GET /v1/payment_methods/{payment_method}", get(s, s.retrievePaymentMethod))
	m.Handle("POST /v1/payment_methods/{payment_method}", post(s, s.updatePaymentMethod))
	m.Handle("POST /v1/payment_methods/{payment_method}/attach", post(s, s.attachPaymentMethod))
	m.Handle("POST /v1/payment_methods/{payment_method}/detach", post(s, s.detachPaymentMethod))

	m.Handle("GET /v1/coupons", get(s, s.listCoupons))
	m.Handle("POST /v1/coupons", post(s, s.createCoupon))
	m.Handle("GET /v1/coupons/{coupon}", get(s, s.retrieveCoupon))
	m.Handle("POST /v1/coupons/{coupon}", post(s, s.updateCoupon))
	m.Handle("DELETE /v1/coupons/{coupon}", post(s, s.deleteCoupon))

	m.Handle("GET /v1/promotion_codes", get(s, s.listPromotionCodes))
	m.Handle("POST /v1/promotion_codes", post(s, s.createPromotionCode))
	m.Handle("GET /v1/promotion_codes/{promotion_code}", get(s, s.retrievePromotionCode))
	m.Handle("POST /v1/promotion_codes/{promotion_code}", post(s, s.updatePromotionCode))
}

// noParams is the parameter struct of endpoints that take none but expand.
type noParams struct{}
