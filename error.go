package remit

import (
	"errors"
	"fmt"
)

// Kind classifies an Error by what went wrong; the API layer maps each kind to
// one HTTP status and one Stripe error type, in a single table.
type Kind int

// The error kinds remit produces.
const (
	KindInvalid          Kind = iota // 400 invalid_request_error: bad, missing or unknown parameters, state conflicts
	KindNotFound                     // 404 invalid_request_error: the object named in the URL does not exist
	KindUnauthorized                 // 401 invalid_request_error: missing, invalid or wrong kind of API key
	KindForbidden                    // 403 invalid_request_error: the key may not do this
	KindCard                         // 402 card_error: a card was declined or is invalid
	KindIdempotency                  // 400 idempotency_error: an Idempotency-Key reused with other parameters
	KindConflict                     // 409 invalid_request_error: the same Idempotency-Key is in flight
	KindTooLarge                     // 413 invalid_request_error: the request body is over the limit
	KindMethodNotAllowed             // 405 invalid_request_error: the URL exists, the method does not
	KindInternal                     // 500 api_error: a fault of remit's, never the client's
)

// Error is the one error type of remit. It carries what Stripe puts in its
// error object; Kind decides the HTTP status and Stripe's error type.
type Error struct {
	Kind        Kind
	Code        string // Stripe's machine-readable code, e.g. "resource_missing"; may be empty
	Param       string // the offending parameter in bracket form, e.g. "invoice_settings[footer]"
	Message     string // human-readable, shown to developers
	DeclineCode string // card errors only
	AdviceCode  string // card errors only
}

func (e *Error) Error() string {
	if e.Param != "" {
		return fmt.Sprintf("%s (param %s)", e.Message, e.Param)
	}
	return e.Message
}

// Errorf returns an invalid-request error for param with a formatted message.
func Errorf(code, param, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the error for an id that names no object of the given resource
// in the caller's account and mode, in Stripe's words ("No such customer: 'cus_x'").
// The kind is KindNotFound (404): use it for ids in the URL path.
func NotFound(resource, id string) *Error {
	return &Error{Kind: KindNotFound, Code: "resource_missing", Param: "id",
		Message: fmt.Sprintf("No such %s: '%s'", resource, id)}
}

// MissingParam is the 400 error for an id passed in a request parameter that
// names no object ("No such PaymentMethod: 'pm_x'"); Stripe answers 400 there, not 404.
func MissingParam(resource, param, id string) *Error {
	return &Error{Kind: KindInvalid, Code: "resource_missing", Param: param,
		Message: fmt.Sprintf("No such %s: '%s'", resource, id)}
}

// ErrorKind returns the kind of err if it is (or wraps) an *Error, else KindInternal.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}
