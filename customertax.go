package remit

import "net"

// CustomerTax is the includable tax field of a customer: where Stripe Tax
// would locate the customer, and from what.
type CustomerTax struct {
	AutomaticTax string       `json:"automatic_tax"`
	IPAddress    *string      `json:"ip_address"`
	Location     *TaxLocation `json:"location"`
	Provider     string       `json:"provider"`
}

// TaxLocation is a customer's tax location and where it came from.
type TaxLocation struct {
	Country string  `json:"country"`
	Source  string  `json:"source"`
	State   *string `json:"state"`
}

// Tax derives the customer's tax details. The location comes, in Stripe's
// order, from the shipping address, then the billing address; an IP
// address alone cannot be placed (remit has no geolocation database), so
// it leaves the location unrecognized.
func (c *Customer) Tax() CustomerTax {
	t := CustomerTax{AutomaticTax: "unrecognized_location", IPAddress: c.TaxIPAddress, Provider: "stripe"}
	switch {
	case c.Shipping != nil && c.Shipping.Address.Country != nil && *c.Shipping.Address.Country != "":
		t.Location = &TaxLocation{Country: *c.Shipping.Address.Country, Source: "shipping_destination", State: c.Shipping.Address.State}
	case c.Address != nil && c.Address.Country != nil && *c.Address.Country != "":
		t.Location = &TaxLocation{Country: *c.Address.Country, Source: "billing_address", State: c.Address.State}
	}
	if t.Location != nil {
		t.AutomaticTax = "supported"
	}
	return t
}

// applyTax applies the tax parameters; create tells which
// validate_location values are allowed.
func applyTax(c *Customer, p *CustomerTaxParams, create bool) error {
	if p == nil {
		return nil
	}
	if p.IPAddress.Set {
		c.TaxIPAddress = nil
		if !p.IPAddress.Empty {
			ip := p.IPAddress.Value
			if net.ParseIP(ip) == nil {
				return Errorf("", "tax[ip_address]", "Invalid IP address: %s.", truncated(ip))
			}
			c.TaxIPAddress = &ip
		}
	}
	if v := p.ValidateLocation; v != nil {
		if create && *v == "auto" {
			return Errorf("", "tax[validate_location]", "Invalid tax[validate_location]: must be one of deferred or immediately")
		}
		if *v == "immediately" && c.Tax().Location == nil {
			return Errorf("customer_tax_location_invalid", "tax[validate_location]",
				"The customer's location could not be determined: give it a shipping or billing address with a country.")
		}
	}
	return nil
}
