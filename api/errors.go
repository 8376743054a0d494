package api

import (
	"errors"
	"net/http"
	"strings"

	"remit"
)

// kinds is the one table that maps remit's error kinds to HTTP statuses and
// Stripe's error types.
var kinds = map[remit.Kind]struct {
	status int
	typ    string
}{
	remit.KindInvalid:          {http.StatusBadRequest, "invalid_request_error"},
	remit.KindNotFound:         {http.StatusNotFound, "invalid_request_error"},
	remit.KindUnauthorized:     {http.StatusUnauthorized, "invalid_request_error"},
	remit.KindForbidden:        {http.StatusForbidden, "invalid_request_error"},
	remit.KindCard:             {http.StatusPaymentRequired, "card_error"},
	remit.KindIdempotency:      {http.StatusBadRequest, "idempotency_error"},
	remit.KindConflict:         {http.StatusConflict, "invalid_request_error"},
	remit.KindTooLarge:         {http.StatusRequestEntityTooLarge, "invalid_request_error"},
	remit.KindMethodNotAllowed: {http.StatusMethodNotAllowed, "invalid_request_error"},
	remit.KindInternal:         {http.StatusInternalServerError, "api_error"},
}

// errorBody is Stripe's error envelope.
type errorBody struct {
	Error errorObject `json:"error"`
}

type errorObject struct {
	Type        string `json:"type"`
	Code        string `json:"code,omitempty"`
	DeclineCode string `json:"decline_code,omitempty"`
	AdviceCode  string `json:"advice_code,omitempty"`
	DocURL      string `json:"doc_url,omitempty"`
	Message     string `json:"message"`
	Param       string `json:"param,omitempty"`
}

// internalMessage is all a client learns about a fault of remit's; the
// details go to the log with the request id.
const internalMessage = "An unexpected error occurred on remit's side. The request was not applied; it is safe to retry it. Quote the Request-Id header when reporting it."

// renderError returns the status and body for err. Errors that are not a
// *remit.Error are internal: the body never carries their text.
func renderError(err error) (int, errorBody) {
	var e *remit.Error
	if !errors.As(err, &e) {
		e = &remit.Error{Kind: remit.KindInternal, Message: internalMessage}
	}
	k, ok := kinds[e.Kind]
	if !ok {
		k = kinds[remit.KindInternal]
	}
	obj := errorObject{Type: k.typ, Code: e.Code, DeclineCode: e.DeclineCode, AdviceCode: e.AdviceCode, Message: e.Message, Param: e.Param}
	if e.Code != "" {
		obj.DocURL = "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(e.Code, "_", "-")
	}
	return k.status, errorBody{obj}
}
