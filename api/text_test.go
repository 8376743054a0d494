package api_test

import "testing"

// Bytes that no Stripe value holds (invalid UTF-8, NUL) are refused as
// client errors wherever they can arrive — parameters, ids in the URL, the
// Idempotency-Key header — on both engines (PostgreSQL cannot even compare
// them with a text column, which once made these 500s there).
func TestInvalidTextIsAClientError(t *testing.T) {
	e := newAPIEnv(t)
	const nul, utf8 = "must not contain the NUL character", "must be valid UTF-8"
	const noID = "holds invalid UTF-8 or a NUL character, which no id contains"
	for _, tc := range []struct {
		method, path, body string
		header             []string
		want               wantErr
	}{
		{"POST", "/v1/customers", "name=a%00b", nil, wantErr{status: 400, param: "name", msg: nul}},
		{"POST", "/v1/customers", "metadata[k]=%00", nil, wantErr{status: 400, param: "metadata[k]", msg: nul}},
		{"POST", "/v1/customers", "name=%FF", nil, wantErr{status: 400, param: "name", msg: utf8}},
		{"GET", "/v1/customers/search?query=name:%27a%00%27", "", nil, wantErr{status: 400, param: "query", msg: nul}},
		{"GET", "/v1/customers/cus_%00", "", nil, wantErr{status: 404, code: "resource_missing", param: "id", msg: noID}},
		{"POST", "/v1/customers/cus_%FF", "name=x", nil, wantErr{status: 404, code: "resource_missing", param: "id", msg: noID}},
		{"GET", "/v1/coupons/%00", "", nil, wantErr{status: 404, code: "resource_missing", param: "id", msg: noID}},
		{"DELETE", "/v1/customers/cus_%00/tax_ids/txi_1", "", nil, wantErr{status: 404, code: "resource_missing", param: "id", msg: noID}},
		{"POST", "/v1/customers", "name=x", []string{"Idempotency-Key", "key\xff"},
			wantErr{status: 400, msg: "Idempotency-Key header must be valid UTF-8 without NUL characters"}},
	} {
		e.rawFail(t, tc.want, tc.method, tc.path, tc.body, tc.header...)
	}
}
