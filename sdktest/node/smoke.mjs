// Smoke test of the official stripe-node client against a running remit.
//
// Run by `go test ./sdktest` (TestNodeSDK), which starts remit and sets:
//   REMIT_URL  base URL of the server, e.g. http://127.0.0.1:12111
//   REMIT_KEY  a secret test key of its default account
//
// It runs the Node samples of Stripe's Customers guide as written there
// (only the base URL differs), then retrieve, update, auto-pagination, an
// error and delete. Any mismatch exits non-zero with a message saying what.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const url = process.env.REMIT_URL;
const key = process.env.REMIT_KEY;
if (!url || !key) {
  console.error('smoke.mjs: REMIT_URL and REMIT_KEY must be set');
  process.exit(2);
}
const base = new URL(url);

// The seed writes require('stripe')('<>'); the only change is where it
// sends. Everything else is the SDK's default, as users run it: telemetry
// headers, automatic idempotency keys and retries.
const stripe = require('stripe')(key, {
  host: base.hostname,
  port: base.port || (base.protocol === 'https:' ? 443 : 80),
  protocol: base.protocol.replace(':', ''),
});

// Retries would hide a bad first answer: remember every answer that the
// SDK retries (409, 5xx) and fail on it.
const retried = [];
let responses = 0;
stripe.on('response', (ev) => {
  responses++;
  if (ev.status === 409 || ev.status >= 500) {
    retried.push(`${ev.method} ${ev.path} -> ${ev.status} (${ev.request_id})`);
  }
});

class Mismatch extends Error {}

let step = '';
function check(cond, message, got) {
  if (!cond) {
    throw new Mismatch(`${message}${got === undefined ? '' : `; got ${JSON.stringify(got)}`}`);
  }
}

async function main() {
  const email = `smoke-node-${Date.now()}@example.com`;

  // Seed sample 1: verify that the customer doesn't already exist. First
  // literally, placeholder and all, then with the email created below.
  step = "seed: customers.list({email: '{EMAIL_ADDRESS}'})";
  {
    const customers = await stripe.customers.list({
      email: '{EMAIL_ADDRESS}',
    });
    check(customers.object === 'list' && customers.data.length === 0, 'an empty list', customers);
  }
  step = 'seed: customers.list({email}) before create';
  {
    const customers = await stripe.customers.list({
      email: 'jenny.rosen@example.com',
    });
    check(customers.object === 'list', 'list object', customers.object);
    check(Array.isArray(customers.data) && customers.data.length === 0,
      'no customer with that email yet', customers.data);
    check(customers.has_more === false, 'has_more false', customers.has_more);
    check(customers.url === '/v1/customers', 'list url', customers.url);
  }

  // Seed sample 2: create with an email and a default payment method.
  step = 'seed: customers.create with payment_method and invoice_settings';
  const customer = await stripe.customers.create({
    email: 'jenny.rosen@example.com',
    payment_method: 'pm_card_visa',
    invoice_settings: {
      default_payment_method: 'pm_card_visa',
    },
  });
  check(typeof customer.id === 'string' && customer.id.startsWith('cus_'), 'customer id', customer.id);
  check(customer.object === 'customer', 'customer object', customer.object);
  check(customer.email === 'jenny.rosen@example.com', 'customer email', customer.email);
  check(customer.livemode === false, 'livemode false', customer.livemode);
  const pmID = customer.invoice_settings && customer.invoice_settings.default_payment_method;
  check(typeof pmID === 'string' && pmID.startsWith('pm_') && pmID !== 'pm_card_visa',
    'invoice_settings.default_payment_method is the new PaymentMethod made from pm_card_visa', pmID);
  check(typeof customer.lastResponse?.requestId === 'string' && customer.lastResponse.requestId.startsWith('req_'),
    'lastResponse.requestId', customer.lastResponse?.requestId);

  step = 'seed: customers.list({email}) after create';
  {
    const customers = await stripe.customers.list({ email: 'jenny.rosen@example.com' });
    check(customers.data.length === 1 && customers.data[0].id === customer.id,
      `list by email finds ${customer.id}`, customers.data.map((c) => c.id));
  }

  step = 'paymentMethods.retrieve the default payment method';
  {
    const pm = await stripe.paymentMethods.retrieve(pmID);
    check(pm.object === 'payment_method', 'payment_method object', pm.object);
    check(pm.customer === customer.id, 'attached to the customer', pm.customer);
    check(pm.type === 'card' && pm.card?.brand === 'visa' && pm.card?.last4 === '4242',
      'a visa ending 4242', pm.card);
  }

  step = 'customers.listPaymentMethods';
  {
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    check(pms.data.length === 1 && pms.data[0].id === pmID, `lists ${pmID}`, pms.data.map((p) => p.id));
  }

  step = 'customers.retrieve with expand';
  {
    const c = await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    });
    check(c.id === customer.id && c.email === customer.email, 'same customer', c.id);
    check(c.invoice_settings.default_payment_method?.id === pmID,
      'expanded default payment method', c.invoice_settings.default_payment_method);
  }

  step = 'customers.update with metadata';
  {
    const c = await stripe.customers.update(customer.id, {
      name: 'Jenny Rosen',
      metadata: { internal_id: '42', tier: 'gold' },
    });
    check(c.name === 'Jenny Rosen', 'updated name', c.name);
    check(c.metadata?.internal_id === '42' && c.metadata?.tier === 'gold', 'metadata set', c.metadata);
    const unset = await stripe.customers.update(customer.id, { metadata: { tier: '' } });
    check(unset.metadata?.internal_id === '42' && !('tier' in unset.metadata),
      'empty value unsets one metadata key', unset.metadata);
    const again = await stripe.customers.retrieve(customer.id);
    check(again.metadata?.internal_id === '42' && again.name === 'Jenny Rosen', 'update persisted', again);
  }

  step = 'paymentMethods.attach / detach';
  {
    const pm = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    check(pm.customer === customer.id && pm.card?.brand === 'mastercard', 'attached mastercard', pm);
    const detached = await stripe.paymentMethods.detach(pm.id);
    check(detached.id === pm.id && detached.customer === null, 'detached', detached.customer);
  }

  step = 'customers.create with an Idempotency-Key, twice';
  {
    const idem = `smoke-node-${Date.now()}`;
    const a = await stripe.customers.create({ email }, { idempotencyKey: idem });
    const b = await stripe.customers.create({ email }, { idempotencyKey: idem });
    check(a.id === b.id, 'replay returns the same customer', [a.id, b.id]);
  }

  step = 'autoPagingEach over customers.list({limit: 2})';
  const made = [];
  for (let i = 0; i < 5; i++) {
    made.push((await stripe.customers.create({ email, metadata: { n: String(i) } })).id);
  }
  {
    const seen = [];
    await stripe.customers.list({ email, limit: 2 }).autoPagingEach((c) => {
      seen.push(c.id);
    });
    check(seen.length === 6, 'six customers with that email (one idempotent + five)', seen);
    check(new Set(seen).size === seen.length, 'no customer twice', seen);
    for (const id of made) check(seen.includes(id), `paged through ${id}`, seen);
    // Newest first, as Stripe lists.
    check(seen[0] === made[made.length - 1], 'newest first', seen);

    const viaIterator = [];
    for await (const c of stripe.customers.list({ limit: 3 })) viaIterator.push(c.id);
    check(viaIterator.length === 7, 'for await over all seven customers', viaIterator);

    const arr = await stripe.customers.list({ email, limit: 2 }).autoPagingToArray({ limit: 10 });
    check(arr.length === 6, 'autoPagingToArray', arr.map((c) => c.id));
  }

  step = 'error: retrieve an unknown customer';
  {
    let err;
    try {
      await stripe.customers.retrieve('cus_doesnotexist');
    } catch (e) {
      err = e;
    }
    check(err !== undefined, 'retrieve of an unknown id must throw');
    check(err instanceof stripe.errors.StripeInvalidRequestError,
      'a StripeInvalidRequestError', err && err.constructor && err.constructor.name);
    check(err.type === 'StripeInvalidRequestError', 'err.type', err.type);
    check(err.code === 'resource_missing', 'code resource_missing', err.code);
    check(err.statusCode === 404, 'statusCode 404', err.statusCode);
    check(err.param === 'id', "param 'id'", err.param);
    check(/No such customer/.test(err.message), 'message names the missing customer', err.message);
    check(typeof err.requestId === 'string' && err.requestId.startsWith('req_'), 'requestId', err.requestId);
  }

  step = 'error: bad parameter';
  {
    let err;
    try {
      await stripe.customers.create({ email, not_a_param: 'x' });
    } catch (e) {
      err = e;
    }
    check(err instanceof stripe.errors.StripeInvalidRequestError && err.statusCode === 400,
      'unknown parameter is a 400 StripeInvalidRequestError', err && [err.type, err.statusCode, err.message]);
    check(err.code === 'parameter_unknown' && err.param === 'not_a_param', 'parameter_unknown', [err.code, err.param]);
  }

  step = 'error: bad key';
  {
    const bad = require('stripe')('sk_test_wrongwrongwrong', {
      host: base.hostname, port: base.port, protocol: 'http', maxNetworkRetries: 0,
    });
    let err;
    try {
      await bad.customers.list();
    } catch (e) {
      err = e;
    }
    check(err instanceof stripe.errors.StripeAuthenticationError && err.statusCode === 401,
      'a 401 StripeAuthenticationError', err && [err.type, err.statusCode]);
  }

  step = 'customers.del';
  {
    const deleted = await stripe.customers.del(customer.id);
    check(deleted.id === customer.id && deleted.deleted === true && deleted.object === 'customer',
      'deleted customer', deleted);
    const after = await stripe.customers.retrieve(customer.id);
    check(after.deleted === true, 'retrieve of a deleted customer says deleted', after);
    const customers = await stripe.customers.list({ email: 'jenny.rosen@example.com' });
    check(customers.data.length === 0, 'deleted customer is no longer listed', customers.data.map((c) => c.id));
  }

  check(responses > 20, "the SDK's response events were seen", responses);
  check(retried.length === 0, 'no answer that the SDK retries (409 or 5xx)', retried);

  console.log(`ok: stripe-node ${stripe.VERSION} against ${url}`);
}

main().catch((err) => {
  console.error(`FAIL at step "${step}":`);
  if (err instanceof Mismatch) {
    console.error(`  mismatch: ${err.message}`);
  } else if (err && err.type && err.raw) {
    // A Stripe error the step did not expect: show what remit answered.
    console.error(`  ${err.type} (HTTP ${err.statusCode}, code ${err.code}, param ${err.param}): ${err.message}`);
    console.error(`  request id: ${err.requestId}`);
  } else {
    console.error(`  ${err && err.stack ? err.stack : err}`);
  }
  if (retried.length > 0) console.error(`  answers the SDK retried: ${retried.join('; ')}`);
  process.exit(1);
});
