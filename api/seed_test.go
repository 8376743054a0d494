package api_test

import (
	"context"
	"testing"

	"github.com/stripe/stripe-go/v85"
	"github.com/stripe/stripe-go/v85/customer"

	"remit/internal/remittest"
)

// TestSeedSamples runs the Go samples of Stripe's Customers guide, as
// written there, against remit: first the legacy global style, then
// stripe.NewClient.
func TestSeedSamples(t *testing.T) {
	srv := remittest.Start(t)

	t.Run("global", func(t *testing.T) {
		stripe.Key = srv.Key
		prev := stripe.GetBackend(stripe.APIBackend)
		stripe.SetBackend(stripe.APIBackend, srv.Backends().API)
		t.Cleanup(func() { stripe.SetBackend(stripe.APIBackend, prev) })

		// Verify that the customer doesn't already exist.
		params := &stripe.CustomerListParams{Email: stripe.String("jenny.rosen@example.com")}
		result := customer.List(params)
		if result.Next() {
			t.Fatalf("unexpected customer %s before creation", result.Customer().ID)
		}
		if err := result.Err(); err != nil {
			t.Fatal(err)
		}

		// Create a customer with an email and a default payment method.
		createParams := &stripe.CustomerParams{
			Email:         stripe.String("jenny.rosen@example.com"),
			PaymentMethod: stripe.String("pm_card_visa"),
			InvoiceSettings: &stripe.CustomerInvoiceSettingsParams{
				DefaultPaymentMethod: stripe.String("pm_card_visa"),
			},
		}
		c, err := customer.New(createParams)
		if err != nil {
			t.Fatal(err)
		}
		pm := c.InvoiceSettings.DefaultPaymentMethod
		if c.Email != "jenny.rosen@example.com" || pm == nil || pm.ID == "" || pm.ID == "pm_card_visa" {
			t.Fatalf("customer %+v: want email and a new default payment method", c)
		}

		result = customer.List(&stripe.CustomerListParams{Email: stripe.String("jenny.rosen@example.com")})
		var found []string
		for result.Next() {
			found = append(found, result.Customer().ID)
		}
		if err := result.Err(); err != nil || len(found) != 1 || found[0] != c.ID {
			t.Fatalf("list by email: %v, %v; want [%s]", found, err, c.ID)
		}
	})

	t.Run("client", func(t *testing.T) {
		sc := srv.Client("")
		ctx := context.Background()
		for _, err := range sc.V1Customers.List(ctx, &stripe.CustomerListParams{Email: stripe.String("{EMAIL_ADDRESS}")}).All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
		}
		c, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{
			Email:         stripe.String("jenny.rosen@example.com"),
			PaymentMethod: stripe.String("pm_card_visa"),
			InvoiceSettings: &stripe.CustomerCreateInvoiceSettingsParams{
				DefaultPaymentMethod: stripe.String("pm_card_visa"),
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		pm, err := sc.V1PaymentMethods.Retrieve(ctx, c.InvoiceSettings.DefaultPaymentMethod.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if pm.Customer == nil || pm.Customer.ID != c.ID || pm.Card.Brand != "visa" || pm.Card.Last4 != "4242" {
			t.Fatalf("payment method %+v: want a visa 4242 attached to %s", pm, c.ID)
		}
	})
}
