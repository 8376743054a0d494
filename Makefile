# The whole test suite: installs what the SDK smoke tests need (Debian's
# python3-stripe, Node.js and the npm stripe package; needs root or the
# packages already present), vets, runs every test and short fuzz passes of
# the form decoder and the search query parser.
.PHONY: test sdks build

test: sdks
	go vet ./...
	go test -count=1 ./...
	go test ./form -run '^$$' -fuzz FuzzParseDecode -fuzztime 20s
	go test ./search -run '^$$' -fuzz FuzzParse -fuzztime 20s

sdks:
	bash .ci/install-sdks.sh

build:
	go build -o remit ./cmd/remit
