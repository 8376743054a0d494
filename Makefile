# The whole test suite: installs what the SDK smoke tests need (Debian's
# python3-stripe, Node.js and the npm stripe package; root or the packages
# already present), then runs `make check` with a PostgreSQL for the tests
# (.ci/with-postgres.sh: the server at 127.0.0.1:5432 if one answers,
# otherwise a throwaway cluster in a temp dir, deleted afterwards).
#
# `make check` vets, runs every test (the store and API tests on both SQLite
# and PostgreSQL) and short fuzz passes of the form decoder, the search
# query parser and the API endpoints on both engines (never a 5xx, always
# Stripe's shape). The fuzz budgets are execution counts (about 20 s each
# here), not durations: Go 1.26's coordinator can report a spurious
# "context deadline exceeded" when a duration budget expires mid-exec
# (go.dev/issue/75804, fixed in Go 1.27).
.PHONY: test check sdks build

test: sdks
	bash .ci/with-postgres.sh $(MAKE) --no-print-directory check

check:
	go vet ./...
	go test -count=1 ./...
	REMIT_TEST_ENGINE=postgres go test -count=1 ./api
	go test ./form -run '^$$' -fuzz FuzzParseDecode -fuzztime 1000000x
	go test ./search -run '^$$' -fuzz FuzzParse -fuzztime 1500000x
	go test ./api -run '^$$' -fuzz FuzzEndpoints -fuzztime 40000x
	REMIT_TEST_ENGINE=postgres go test ./api -run '^$$' -fuzz FuzzEndpoints -fuzztime 20000x

sdks:
	bash .ci/install-sdks.sh

build:
	go build -o remit ./cmd/remit
