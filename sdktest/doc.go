// Package sdktest holds smoke tests of Stripe's official Node and Python
// clients against a real remit binary: `go test ./sdktest` builds remit,
// starts `remit serve` on a fresh database for each client, and runs
// node/smoke.mjs (stripe-node, pinned in node/package.json) and
// python/smoke.py (Debian's python3-stripe under /usr/bin/python3).
//
// A client that is not installed makes its test skip, with the command
// that installs it; under CI=true it fails instead. .ci/install-sdks.sh
// installs both.
package sdktest
