"""Smoke test of the official stripe-python client against a running remit.

Run by `go test ./sdktest` (TestPythonSDK) with Debian's python3-stripe
under /usr/bin/python3; the test starts remit and sets:
  REMIT_URL  base URL of the server, e.g. http://127.0.0.1:12111
  REMIT_KEY  a secret test key of its default account

It runs the Python samples of Stripe's Customers guide as written there
(only stripe.api_base differs), then retrieve, modify, auto-pagination,
errors and delete. It uses only the long-standing global API
(stripe.Customer.create and friends, stripe.error.*), which every
stripe-python from 2.x on has, so it runs on Debian's old package too.
Any mismatch exits non-zero with a message saying what.
"""

import os
import sys
import time
import traceback

try:
    from stripe.version import VERSION as STRIPE_VERSION
except ImportError:  # pragma: no cover - newer layouts
    import stripe as _s

    STRIPE_VERSION = getattr(_s, "VERSION", "?")

url = os.environ.get("REMIT_URL")
key = os.environ.get("REMIT_KEY")
if not url or not key:
    print("smoke.py: REMIT_URL and REMIT_KEY must be set", file=sys.stderr)
    sys.exit(2)

# --- the seed's samples, as written, with only the base URL changed ---
import stripe

stripe.api_key = key
stripe.api_base = url
# Everything else stays the library's default, as users run it.

step = ""


class Mismatch(Exception):
    pass


def check(cond, message, got=None):
    if not cond:
        if got is not None:
            message = "%s; got %r" % (message, got)
        raise Mismatch(message)


def main():
    global step
    email = "smoke-python-%d@example.com" % int(time.time() * 1000)

    # The seed's first sample, literally (placeholder and all), then with
    # the email created below.
    step = 'seed: stripe.Customer.list(email="{EMAIL_ADDRESS}")'
    customers = stripe.Customer.list(email="{EMAIL_ADDRESS}")
    check(customers.object == "list" and len(customers.data) == 0, "an empty list", customers)

    step = "seed: stripe.Customer.list(email=...) before create"
    customers = stripe.Customer.list(email="jenny.rosen@example.com")
    check(customers.object == "list", "list object", customers.object)
    check(len(customers.data) == 0, "no customer with that email yet", customers.data)
    check(customers.has_more is False, "has_more False", customers.has_more)
    check(customers.url == "/v1/customers", "list url", customers.url)

    step = "seed: stripe.Customer.create with payment_method and invoice_settings"
    customer = stripe.Customer.create(
        email="jenny.rosen@example.com",
        payment_method="pm_card_visa",
        invoice_settings={"default_payment_method": "pm_card_visa"},
    )
    check(isinstance(customer, stripe.Customer), "a stripe.Customer", type(customer))
    check(customer.id.startswith("cus_"), "customer id", customer.id)
    check(customer.object == "customer", "customer object", customer.object)
    check(customer.email == "jenny.rosen@example.com", "customer email", customer.email)
    check(customer.livemode is False, "livemode False", customer.livemode)
    pm_id = customer.invoice_settings.default_payment_method
    check(
        isinstance(pm_id, str) and pm_id.startswith("pm_") and pm_id != "pm_card_visa",
        "invoice_settings.default_payment_method is the new PaymentMethod made from pm_card_visa",
        pm_id,
    )
    rid = customer.last_response.request_id
    check(rid is not None and rid.startswith("req_"), "last_response.request_id", rid)

    step = "seed: stripe.Customer.list(email=...) after create"
    customers = stripe.Customer.list(email="jenny.rosen@example.com")
    check(
        [c.id for c in customers.data] == [customer.id],
        "list by email finds %s" % customer.id,
        [c.id for c in customers.data],
    )

    step = "stripe.PaymentMethod.retrieve the default payment method"
    pm = stripe.PaymentMethod.retrieve(pm_id)
    check(isinstance(pm, stripe.PaymentMethod), "a stripe.PaymentMethod", type(pm))
    check(pm.customer == customer.id, "attached to the customer", pm.customer)
    check(
        pm.type == "card" and pm.card.brand == "visa" and pm.card.last4 == "4242",
        "a visa ending 4242",
        pm.get("card"),
    )

    step = "stripe.Customer.list_payment_methods"
    pms = stripe.Customer.list_payment_methods(customer.id)
    check([p.id for p in pms.data] == [pm_id], "lists %s" % pm_id, [p.id for p in pms.data])

    step = "stripe.Customer.retrieve with expand"
    c = stripe.Customer.retrieve(customer.id, expand=["invoice_settings.default_payment_method"])
    check(c.id == customer.id and c.email == customer.email, "same customer", c.id)
    dpm = c.invoice_settings.default_payment_method
    check(
        isinstance(dpm, stripe.PaymentMethod) and dpm.id == pm_id,
        "expanded default payment method is a stripe.PaymentMethod",
        dpm,
    )

    step = "stripe.Customer.modify with metadata"
    c = stripe.Customer.modify(customer.id, name="Jenny Rosen", metadata={"internal_id": "42", "tier": "gold"})
    check(c.name == "Jenny Rosen", "modified name", c.name)
    check(c.metadata.get("internal_id") == "42" and c.metadata.get("tier") == "gold", "metadata set", c.metadata)
    c = stripe.Customer.modify(customer.id, metadata={"tier": ""})
    check(
        c.metadata.get("internal_id") == "42" and "tier" not in c.metadata,
        "empty value unsets one metadata key",
        c.metadata,
    )

    step = "instance save() after setting attributes"
    c = stripe.Customer.retrieve(customer.id)
    c.description = "saved via StripeObject.save"
    c.metadata["source"] = "save"
    c.save()
    again = stripe.Customer.retrieve(customer.id)
    check(again.description == "saved via StripeObject.save", "description saved", again.description)
    check(
        again.metadata.get("source") == "save" and again.metadata.get("internal_id") == "42",
        "metadata merged by save()",
        again.metadata,
    )

    step = "stripe.PaymentMethod.attach / detach"
    pm2 = stripe.PaymentMethod.attach("pm_card_mastercard", customer=customer.id)
    check(pm2.customer == customer.id and pm2.card.brand == "mastercard", "attached mastercard", pm2)
    detached = stripe.PaymentMethod.detach(pm2.id)
    check(detached.id == pm2.id and detached.customer is None, "detached", detached.get("customer"))

    step = "stripe.Customer.create with an idempotency_key, twice"
    idem = "smoke-python-%d" % int(time.time() * 1000)
    a = stripe.Customer.create(email=email, idempotency_key=idem)
    b = stripe.Customer.create(email=email, idempotency_key=idem)
    check(a.id == b.id, "replay returns the same customer", [a.id, b.id])

    step = "auto_paging_iter over stripe.Customer.list(limit=2)"
    made = [stripe.Customer.create(email=email, metadata={"n": str(i)}).id for i in range(5)]
    seen = [c.id for c in stripe.Customer.list(email=email, limit=2).auto_paging_iter()]
    check(len(seen) == 6, "six customers with that email (one idempotent + five)", seen)
    check(len(set(seen)) == len(seen), "no customer twice", seen)
    for i in made:
        check(i in seen, "paged through %s" % i, seen)
    check(seen[0] == made[-1], "newest first", seen)
    everyone = [c.id for c in stripe.Customer.list(limit=3).auto_paging_iter()]
    check(len(everyone) == 7, "auto_paging_iter over all seven customers", everyone)

    step = "error: retrieve an unknown customer"
    try:
        stripe.Customer.retrieve("cus_doesnotexist")
    except stripe.error.InvalidRequestError as e:
        check(e.http_status == 404, "http_status 404", e.http_status)
        check(e.code == "resource_missing", "code resource_missing", e.code)
        check(e.param == "id", "param 'id'", e.param)
        check("No such customer" in e.user_message, "message names the missing customer", e.user_message)
        check(e.request_id is not None and e.request_id.startswith("req_"), "request_id", e.request_id)
        check(e.error.type == "invalid_request_error", "error.type", e.error.type)
    else:
        raise Mismatch("retrieve of an unknown id must raise stripe.error.InvalidRequestError")

    step = "error: unknown parameter"
    try:
        stripe.Customer.create(email=email, not_a_param="x")
    except stripe.error.InvalidRequestError as e:
        check(e.http_status == 400, "http_status 400", e.http_status)
        check(e.code == "parameter_unknown" and e.param == "not_a_param", "parameter_unknown", (e.code, e.param))
    else:
        raise Mismatch("an unknown parameter must raise stripe.error.InvalidRequestError")

    step = "error: bad key"
    try:
        stripe.Customer.list(api_key="sk_test_wrongwrongwrong")
    except stripe.error.AuthenticationError as e:
        check(e.http_status == 401, "http_status 401", e.http_status)
    else:
        raise Mismatch("a wrong key must raise stripe.error.AuthenticationError")

    step = "stripe.Customer.delete"
    deleted = stripe.Customer.delete(customer.id)
    check(
        deleted.id == customer.id and deleted.deleted is True and deleted.object == "customer",
        "deleted customer",
        deleted,
    )
    after = stripe.Customer.retrieve(customer.id)
    check(after.get("deleted") is True, "retrieve of a deleted customer says deleted", after)
    customers = stripe.Customer.list(email="jenny.rosen@example.com")
    check(len(customers.data) == 0, "deleted customer is no longer listed", [c.id for c in customers.data])

    step = "instance delete()"
    victim = stripe.Customer.retrieve(made[0])
    victim.delete()
    check(victim.get("deleted") is True, "instance refreshed as deleted", victim)

    print("ok: stripe-python %s against %s" % (STRIPE_VERSION, url))


if __name__ == "__main__":
    try:
        main()
    except stripe.error.StripeError as e:
        print('FAIL at step "%s":' % step, file=sys.stderr)
        print(
            "  %s (HTTP %s, code %s, request id %s): %s"
            % (type(e).__name__, e.http_status, e.code, e.request_id, e.user_message or e),
            file=sys.stderr,
        )
        if e.http_body:
            print("  body: %s" % e.http_body, file=sys.stderr)
        sys.exit(1)
    except Exception as e:
        print('FAIL at step "%s":' % step, file=sys.stderr)
        print("  %s: %s" % (type(e).__name__, e), file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
