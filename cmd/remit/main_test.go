package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// End-to-end tests of the remit binary: built once, run as a real process
// on 127.0.0.1 with a real SQLite file.

// bin is the remit binary built by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "remit-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "remit")
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	build := exec.Command(goTool, "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building remit:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	readyTimeout = 10 * time.Second // for /healthz to answer after a start
	exitTimeout  = 15 * time.Second // for the process to exit after a signal
	fixedKey     = "sk_test_fixed123"
)

// syncBuffer is a bytes.Buffer safe for the copying goroutine of exec.Cmd.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is one running `remit serve` process.
type server struct {
	cmd    *exec.Cmd
	addr   string
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's result, once done is closed
}

// freeAddr returns a 127.0.0.1 address with a port that was free just now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// childEnv is the test's environment without REMIT_API_KEY, plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "REMIT_API_KEY=") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// startServer runs `remit serve --db db --addr <free port> args...` and waits
// until /healthz answers. The process is killed when the test ends, if it
// still runs.
func startServer(t *testing.T, db string, env []string, args ...string) *server {
	t.Helper()
	s := startProcess(t, db, env, args...)
	s.waitReady(t)
	return s
}

func startProcess(t *testing.T, db string, env []string, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{addr: addr, url: "http://" + addr, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve", "--db", db, "--addr", addr}, args...)...)
	s.cmd.Env = childEnv(env...)
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			select {
			case <-s.done:
			case <-time.After(exitTimeout):
				t.Errorf("remit (pid %d) did not exit after SIGKILL", s.cmd.Process.Pid)
			}
		}
	})
	return s
}

func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// waitReady polls /healthz until it answers 200, for at most readyTimeout.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(readyTimeout)
	for time.Now().Before(deadline) {
		if s.exited() {
			t.Fatalf("remit exited before it was ready: %v\nstdout:\n%s\nstderr:\n%s", s.err, s.stdout, s.stderr)
		}
		resp, err := client.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("remit not ready on %s after %v\nstderr:\n%s", s.addr, readyTimeout, s.stderr)
}

// stop sends sig and waits for the process to exit; it returns the exit code.
func (s *server) stop(t *testing.T, sig os.Signal) int {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	return s.wait(t)
}

func (s *server) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(exitTimeout):
		t.Fatalf("remit did not exit within %v\nstderr:\n%s", exitTimeout, s.stderr)
	}
	var ee *exec.ExitError
	switch {
	case s.err == nil:
		return 0
	case errors.As(s.err, &ee):
		return ee.ExitCode() // -1 when killed by a signal
	default:
		t.Fatalf("waiting for remit: %v", s.err)
		return -1
	}
}

// answer is one raw HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

var httpClient = &http.Client{Timeout: 10 * time.Second}

func (s *server) do(t *testing.T, key, method, path, body string) answer {
	t.Helper()
	a, err := s.try(httpClient, key, method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return a
}

// try is do without t, for goroutines.
func (s *server) try(client *http.Client, key, method, path, body string) (answer, error) {
	return s.tryIdem(client, key, method, path, body, "")
}

// tryIdem sends one request with key (none when "") and an optional
// Idempotency-Key header.
func (s *server) tryIdem(client *http.Client, key, method, path, body, idem string) (answer, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.url+path, r)
	if err != nil {
		return answer{}, err
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

func wantStatus(t *testing.T, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
}

func jsonID(t *testing.T, b []byte) string {
	t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &o); err != nil || o.ID == "" {
		t.Fatalf("no id in %s (%v)", b, err)
	}
	return o.ID
}

// client returns a stripe-go client for the server, without retries.
func (s *server) client(key string) *stripe.Client {
	retries := int64(0)
	return stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:               stripe.String(s.url),
		HTTPClient:        &http.Client{Timeout: 10 * time.Second},
		MaxNetworkRetries: &retries,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
}

var secretKeyRE = regexp.MustCompile(`sk_test_[0-9A-Za-z]+`)

func TestFirstStartPrintsKeyOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "remit.db")

	first := startServer(t, db, nil)
	keys := secretKeyRE.FindAllString(first.stdout.String(), -1)
	if len(keys) != 1 {
		t.Fatalf("first start printed %d secret keys, want 1:\n%s", len(keys), first.stdout)
	}
	key := keys[0]
	if len(key) < len("sk_test_")+20 {
		t.Fatalf("printed key %q is too short to be random", key)
	}
	if !regexp.MustCompile(`pk_test_[0-9A-Za-z]+`).MatchString(first.stdout.String()) {
		t.Errorf("first start printed no publishable key:\n%s", first.stdout)
	}
	wantStatus(t, first.do(t, key, "GET", "/v1/customers", ""), 200)
	id := jsonID(t, first.do(t, key, "POST", "/v1/customers", "name=Kept").body)
	if strings.Contains(first.stderr.String(), key) {
		t.Errorf("the secret key was written to the log")
	}
	if code := first.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d after SIGTERM\nstderr:\n%s", code, first.stderr)
	}

	second := startServer(t, db, nil)
	if out := second.stdout.String(); strings.Contains(out, "sk_test_") || strings.Contains(out, "pk_test_") {
		t.Fatalf("second start printed a key:\n%s", out)
	}
	// The first key still works and sees the same data.
	wantStatus(t, second.do(t, key, "GET", "/v1/customers/"+id, ""), 200)
	// Ctrl-C stops it cleanly too.
	if code := second.stop(t, os.Interrupt); code != 0 {
		t.Fatalf("exit code %d after SIGINT", code)
	}
	if out := second.stdout.String(); strings.Contains(out, "sk_test_") {
		t.Fatalf("second run printed a key:\n%s", out)
	}
}

func TestFixedAPIKey(t *testing.T) {
	t.Run("flag", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "remit.db")
		s := startServer(t, db, nil, "--api-key", fixedKey)
		wantStatus(t, s.do(t, fixedKey, "GET", "/v1/customers", ""), 200)
		wantStatus(t, s.do(t, fixedKey, "POST", "/v1/customers", "name=Fixed"), 200)
		wantStatus(t, s.do(t, "sk_test_fixed124", "GET", "/v1/customers", ""), 401)
		wantStatus(t, s.do(t, "", "GET", "/v1/customers", ""), 401)
		if code := s.stop(t, syscall.SIGTERM); code != 0 {
			t.Fatalf("exit code %d", code)
		}
		// Giving the same key again on restart is fine.
		s = startServer(t, db, nil, "--api-key", fixedKey)
		a := s.do(t, fixedKey, "GET", "/v1/customers", "")
		wantStatus(t, a, 200)
		if !bytes.Contains(a.body, []byte(`"name":"Fixed"`)) {
			t.Fatalf("customer lost across restart: %s", a.body)
		}
	})

	t.Run("env", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "remit.db")
		s := startServer(t, db, []string{"REMIT_API_KEY=" + fixedKey})
		wantStatus(t, s.do(t, fixedKey, "GET", "/v1/customers", ""), 200)
		c, err := s.client(fixedKey).V1Customers.Create(context.Background(), &stripe.CustomerCreateParams{Email: stripe.String("env@example.com")})
		if err != nil || c.Email != "env@example.com" {
			t.Fatalf("create through stripe-go: %v", err)
		}
	})

	t.Run("not a secret key", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "remit.db")
		for _, bad := range []string{"pk_test_fixed123", "fixed123"} {
			s := startProcess(t, db, nil, "--api-key", bad)
			if code := s.wait(t); code == 0 {
				t.Fatalf("--api-key %s: exit code 0", bad)
			}
			if !strings.Contains(s.stderr.String(), "sk_test_") {
				t.Errorf("--api-key %s: error does not say what is expected:\n%s", bad, s.stderr)
			}
		}
	})
}

// snapshot reads what a restart must keep: each customer and its payment
// methods, and the customer list.
func snapshot(t *testing.T, s *server, ids []string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	for _, id := range ids {
		a := s.do(t, fixedKey, "GET", "/v1/customers/"+id+"?expand[]=invoice_settings.default_payment_method", "")
		wantStatus(t, a, 200)
		snap[id] = string(a.body)
		a = s.do(t, fixedKey, "GET", "/v1/customers/"+id+"/payment_methods", "")
		if a.status == 200 || a.status == 404 {
			snap[id+"/payment_methods"] = fmt.Sprint(a.status, " ", string(a.body))
		} else {
			t.Fatalf("payment methods of %s: %d %s", id, a.status, a.body)
		}
	}
	a := s.do(t, fixedKey, "GET", "/v1/customers?limit=100", "")
	wantStatus(t, a, 200)
	snap["list"] = string(a.body)
	return snap
}

func TestRestartKeepsEverything(t *testing.T) {
	db := filepath.Join(t.TempDir(), "remit.db")
	s := startServer(t, db, nil, "--api-key", fixedKey)
	sc := s.client(fixedKey)
	ctx := context.Background()

	addr := func(line1, city, postal, country string) *stripe.AddressParams {
		return &stripe.AddressParams{Line1: stripe.String(line1), City: stripe.String(city), PostalCode: stripe.String(postal), Country: stripe.String(country)}
	}
	c1, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{
		Email:            stripe.String("ada@example.com"),
		Name:             stripe.String("Ada Lovelace"),
		Phone:            stripe.String("+441234567890"),
		Address:          addr("12 St James's Square", "London", "SW1Y 4JH", "GB"),
		Metadata:         map[string]string{"plan": "pro", "seats": "5"},
		PreferredLocales: []*string{stripe.String("en-GB"), stripe.String("fr")},
		PaymentMethod:    stripe.String("pm_card_visa"),
		InvoiceSettings:  &stripe.CustomerCreateInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")},
		Shipping: &stripe.CustomerCreateShippingParams{
			Name: stripe.String("Ada"), Address: addr("1 Ship St", "Brighton", "BN1 1AA", "GB"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{
		Email:         stripe.String("grace@example.com"),
		Address:       addr("1 Navy Way", "Arlington", "22202", "US"),
		Metadata:      map[string]string{"team": "compilers"},
		PaymentMethod: stripe.String("pm_card_mastercard"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1PaymentMethods.Attach(ctx, "pm_card_amex", &stripe.PaymentMethodAttachParams{Customer: stripe.String(c2.ID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1Customers.Update(ctx, c2.ID, &stripe.CustomerUpdateParams{Name: stripe.String("Grace Hopper"), Metadata: map[string]string{"team": "", "rank": "admiral"}}); err != nil {
		t.Fatal(err)
	}
	c3, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Deleted"), PaymentMethod: stripe.String("pm_card_discover")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1Customers.Delete(ctx, c3.ID, nil); err != nil {
		t.Fatal(err)
	}
	// An idempotent create, to be replayed after the restart.
	idem := &stripe.CustomerCreateParams{Name: stripe.String("Idempotent")}
	idem.SetIdempotencyKey("restart-key")
	c4, err := sc.V1Customers.Create(ctx, idem)
	if err != nil {
		t.Fatal(err)
	}

	ids := []string{c1.ID, c2.ID, c3.ID, c4.ID}
	before := snapshot(t, s, ids)

	// A request in flight when SIGTERM arrives is finished: headers and
	// half of the body are sent before the signal, the rest after it.
	conn, err := net.DialTimeout("tcp", s.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(exitTimeout))
	body := "email=inflight%40example.com&name=In+flight&metadata[when]=shutdown"
	fmt.Fprintf(conn, "POST /v1/customers HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		s.addr, fixedKey, len(body), body[:20])
	time.Sleep(200 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if s.exited() {
		t.Fatalf("remit exited with a request in flight: %v\nstderr:\n%s", s.err, s.stderr)
	}
	// New connections are refused meanwhile.
	if c, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
		c.Close()
		t.Errorf("remit still accepts connections after SIGTERM")
	}
	if _, err := io.WriteString(conn, body[20:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	inflightBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("in-flight request: %d %s %v", resp.StatusCode, inflightBody, err)
	}
	inflight := jsonID(t, inflightBody)
	if code := s.wait(t); code != 0 {
		t.Fatalf("exit code %d after SIGTERM\nstderr:\n%s", code, s.stderr)
	}

	s = startServer(t, db, nil, "--api-key", fixedKey)
	a := s.do(t, fixedKey, "GET", "/v1/customers/"+inflight, "")
	wantStatus(t, a, 200)
	if !bytes.Equal(a.body, inflightBody) {
		t.Fatalf("in-flight customer after restart:\n%s\nwant\n%s", a.body, inflightBody)
	}
	after := snapshot(t, s, ids)
	for k, want := range before {
		if k == "list" {
			continue
		}
		if after[k] != want {
			t.Errorf("%s after restart:\n%s\nwant\n%s", k, after[k], want)
		}
	}
	// The list is the old one with the in-flight customer on top.
	var list struct {
		Data []json.RawMessage `json:"data"`
	}
	var oldList struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(after["list"]), &list); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(before["list"]), &oldList); err != nil {
		t.Fatal(err)
	}
	if len(list.Data) != len(oldList.Data)+1 || jsonID(t, list.Data[0]) != inflight {
		t.Fatalf("list after restart: %s", after["list"])
	}
	for i, raw := range oldList.Data {
		if !bytes.Equal(raw, list.Data[i+1]) {
			t.Errorf("list item %d after restart:\n%s\nwant\n%s", i, list.Data[i+1], raw)
		}
	}
	// Through stripe-go too.
	sc = s.client(fixedKey)
	got, err := sc.V1Customers.Retrieve(ctx, c1.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != c1.Email || got.Metadata["plan"] != "pro" || got.Address == nil || got.Address.City != "London" ||
		got.InvoiceSettings.DefaultPaymentMethod == nil || got.InvoiceSettings.DefaultPaymentMethod.ID != c1.InvoiceSettings.DefaultPaymentMethod.ID {
		t.Fatalf("customer after restart: %s", got.LastResponse.RawJSON)
	}
	if pm, err := sc.V1PaymentMethods.Retrieve(ctx, got.InvoiceSettings.DefaultPaymentMethod.ID, nil); err != nil || pm.Card.Last4 != "4242" || pm.Customer.ID != c1.ID {
		t.Fatalf("payment method after restart: %v", err)
	}
	// The idempotency key survived too.
	again, err := sc.V1Customers.Create(ctx, idem)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != c4.ID || again.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("idempotent replay after restart: %s", again.LastResponse.RawJSON)
	}
	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestKill9KeepsAnsweredWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "remit.db")
	s := startServer(t, db, nil, "--api-key", fixedKey)

	const (
		workers    = 4
		perWorker  = 2000 // bound on requests per worker
		minWritten = 200  // answered creates before the kill
	)
	var (
		mu       sync.Mutex
		answered = map[string]string{} // id -> name
		stopped  atomic.Bool
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(20 * time.Second)
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker && !stopped.Load() && time.Now().Before(deadline); i++ {
				name := fmt.Sprintf("w%d-%d", w, i)
				a, err := s.try(client, fixedKey, "POST", "/v1/customers", "name="+name+"&metadata[worker]="+fmt.Sprint(w))
				if err != nil {
					if s.exited() {
						return
					}
					continue
				}
				if a.status/100 != 2 {
					continue
				}
				var o struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				}
				if json.Unmarshal(a.body, &o) == nil && o.ID != "" {
					mu.Lock()
					answered[o.ID] = o.Name
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once enough creates were answered, while the loop keeps going.
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(answered)
		mu.Unlock()
		if n >= minWritten {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.wait(t)
	stopped.Store(true)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(answered) < minWritten {
		t.Fatalf("only %d creates answered before the kill", len(answered))
	}
	s = startServer(t, db, nil, "--api-key", fixedKey)
	for id, name := range answered {
		a := s.do(t, fixedKey, "GET", "/v1/customers/"+id, "")
		if a.status != 200 || !bytes.Contains(a.body, []byte(`"name":"`+name+`"`)) {
			t.Fatalf("customer %s (%s), answered 2xx before kill -9, after restart: %d %s", id, name, a.status, a.body)
		}
	}
	t.Logf("%d answered creates all survived kill -9", len(answered))
	// The database is usable after the crash.
	wantStatus(t, s.do(t, fixedKey, "POST", "/v1/customers", "name=After+crash"), 200)
}

// newAccount is what remit accounts create prints.
type newAccount struct {
	ID             string `json:"id"`
	SecretKey      string `json:"secret_key"`
	PublishableKey string `json:"publishable_key"`
}

// accountsCreate runs remit accounts create --db db and decodes its output,
// which must be exactly one JSON object with the three fields.
func accountsCreate(t *testing.T, db string) newAccount {
	t.Helper()
	code, stdout, stderr := runRemit(t, "accounts", "create", "--db", db)
	if code != 0 {
		t.Fatalf("remit accounts create: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var acct newAccount
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&acct); err != nil {
		t.Fatalf("output is not the account JSON: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("output holds more than one JSON value:\n%s", stdout)
	}
	if !strings.HasPrefix(acct.ID, "acct_") || !strings.HasPrefix(acct.SecretKey, "sk_test_") || !strings.HasPrefix(acct.PublishableKey, "pk_test_") {
		t.Fatalf("account %s", stdout)
	}
	return acct
}

func TestAccountsCreateWhileServing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "remit.db")
	s := startServer(t, db, nil, "--api-key", fixedKey)
	wantStatus(t, s.do(t, fixedKey, "POST", "/v1/customers", "name=Default+account"), 200)

	var seen []string
	for range 2 {
		acct := accountsCreate(t, db)
		for _, old := range seen {
			if old == acct.ID {
				t.Fatalf("account %s created twice", acct.ID)
			}
		}
		seen = append(seen, acct.ID)

		// The new key works at once, and sees only its own account.
		a := s.do(t, acct.SecretKey, "GET", "/v1/customers", "")
		wantStatus(t, a, 200)
		if bytes.Contains(a.body, []byte("Default account")) {
			t.Fatalf("new account sees the default account's customers: %s", a.body)
		}
		c := s.do(t, acct.SecretKey, "POST", "/v1/customers", "name=Tenant")
		wantStatus(t, c, 200)
		wantStatus(t, s.do(t, fixedKey, "GET", "/v1/customers/"+jsonID(t, c.body), ""), 404)
		// Publishable keys cannot read customers.
		wantStatus(t, s.do(t, acct.PublishableKey, "GET", "/v1/customers", ""), 401)
	}
	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestHealthzAndRequestLog(t *testing.T) {
	db := filepath.Join(t.TempDir(), "remit.db")
	s := startServer(t, db, nil, "--api-key", fixedKey)

	// The account id, from the startup line.
	var account string
	for _, line := range strings.Split(s.stderr.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["account"] != nil && m["addr"] != nil {
			account, _ = m["account"].(string)
		}
	}
	if !strings.HasPrefix(account, "acct_") {
		t.Fatalf("no account in the startup log:\n%s", s.stderr)
	}

	h := s.do(t, "", "GET", "/healthz", "")
	wantStatus(t, h, 200)
	if !json.Valid(h.body) || !strings.HasPrefix(h.header.Get("Content-Type"), "application/json") {
		t.Errorf("/healthz: %s %s", h.header.Get("Content-Type"), h.body)
	}

	type sent struct {
		method, path string
		account      string
		status       int
		id           string
	}
	var reqs []sent
	send := func(key, method, path, body string, status int, acct string) answer {
		t.Helper()
		a := s.do(t, key, method, path, body)
		wantStatus(t, a, status)
		id := a.header.Get("Request-Id")
		if !strings.HasPrefix(id, "req_") {
			t.Fatalf("%s %s: Request-Id %q", method, path, id)
		}
		reqs = append(reqs, sent{method, path, acct, status, id})
		return a
	}
	reqs = append(reqs, sent{"GET", "/healthz", "", 200, h.header.Get("Request-Id")})
	send(fixedKey, "GET", "/v1/customers", "", 200, account)
	c := send(fixedKey, "POST", "/v1/customers", "name=Logged", 200, account)
	send(fixedKey, "GET", "/v1/customers/"+jsonID(t, c.body), "", 200, account)
	send(fixedKey, "DELETE", "/v1/customers/"+jsonID(t, c.body), "", 200, account)
	send(fixedKey, "GET", "/v1/customers/cus_doesnotexist", "", 404, account)
	send("", "GET", "/v1/customers", "", 401, "")
	send(fixedKey, "GET", "/v1/nothing_here", "", 404, "")

	if code := s.stop(t, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d", code)
	}

	byID := map[string][]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(s.stderr.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if id, ok := m["request_id"].(string); ok {
			byID[id] = append(byID[id], m)
		}
	}
	for _, r := range reqs {
		lines := byID[r.id]
		if len(lines) != 1 {
			t.Errorf("%s %s (%s): %d log lines, want 1", r.method, r.path, r.id, len(lines))
			continue
		}
		m := lines[0]
		if m["method"] != r.method || m["path"] != r.path || m["status"] != float64(r.status) {
			t.Errorf("%s %s: log line %v, want method, path and status %d", r.method, r.path, m, r.status)
		}
		if acct, ok := m["account"].(string); !ok || (r.account != "" && acct != r.account) {
			t.Errorf("%s %s: log line account %v, want %q", r.method, r.path, m["account"], r.account)
		}
		d, ok := m["duration_ms"]
		if !ok {
			d, ok = m["duration"]
		}
		if v, isNum := d.(float64); !ok || !isNum || v < 0 {
			t.Errorf("%s %s: log line has no duration: %v", r.method, r.path, m)
		}
		if m["level"] != "INFO" || m["time"] == nil {
			t.Errorf("%s %s: log line %v, want level INFO and a time", r.method, r.path, m)
		}
	}
	if strings.Contains(s.stderr.String(), fixedKey) {
		t.Errorf("the API key was written to the log")
	}
}
