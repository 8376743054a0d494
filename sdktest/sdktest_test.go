package sdktest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	// apiKey is the secret key each server is started with.
	apiKey = "sk_test_sdktest0123456789abcdefABCDEF"
	// healthTimeout bounds how long a server may take to answer /healthz.
	healthTimeout = 10 * time.Second
	// scriptTimeout bounds one smoke script.
	scriptTimeout = 60 * time.Second
	// stopTimeout bounds a graceful stop before the server is killed.
	stopTimeout = 10 * time.Second

	// systemPython is Debian's interpreter, which sees python3-stripe; a
	// pyenv python3 earlier on PATH would not.
	systemPython = "/usr/bin/python3"

	installAll    = "bash .ci/install-sdks.sh (as root, from the repository root)"
	installNode   = "cd sdktest/node && npm ci --no-audit --no-fund  (or: " + installAll + ")"
	installPython = "apt-get update && apt-get install -y python3-stripe  (or: " + installAll + ")"
)

// remitBin is the remit binary that TestMain builds.
var remitBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "remit-sdktest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdktest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	remitBin = filepath.Join(dir, "remit")
	// go test puts its own toolchain first on PATH.
	build := exec.Command("go", "build", "-o", remitBin, "remit/cmd/remit")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "sdktest: building remit: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// trackInputs stats the files that the tests' subprocesses use, so that go
// test's result cache (which sees only what the tests themselves open or
// stat, after TestMain hands over to m.Run) reruns them when remit's
// sources, go.mod or a smoke script change.
// A file that vanishes meanwhile is no error: its absence is recorded too.
func trackInputs(root string) {
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(name, ".go"), name == "go.mod", name == "go.sum",
			name == "smoke.mjs", name == "smoke.py", name == "package.json", name == "package-lock.json":
			_, _ = os.Stat(path)
		}
		return nil
	})
}

// missing skips the test because a client is not installed, or fails it
// under CI=true, where a skipped SDK test would hide a broken install.
func missing(t *testing.T, what, install string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, and CI=true does not allow skipping; install it with: %s", what, install)
	}
	t.Skipf("%s is not installed; install it with: %s", what, install)
}

func TestNodeSDK(t *testing.T) {
	trackInputs("..")
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node", installAll)
	}
	if _, err := os.Stat(filepath.Join("node", "node_modules", "stripe", "package.json")); err != nil {
		missing(t, "stripe-node (sdktest/node/node_modules)", installNode)
	}
	srv := startRemit(t)
	runScript(t, srv, "node", node, "smoke.mjs")
}

func TestPythonSDK(t *testing.T) {
	trackInputs("..")
	if _, err := os.Stat(systemPython); err != nil {
		missing(t, systemPython, installPython)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	probe := exec.CommandContext(ctx, systemPython, "-c", "import stripe; print(stripe.__file__)")
	var stdout, stderr bytes.Buffer
	probe.Stdout, probe.Stderr = &stdout, &stderr
	if err := probe.Run(); err != nil {
		t.Logf("%s -c 'import stripe': %v\n%s", systemPython, err, stderr.Bytes())
		missing(t, "the python module stripe (for "+systemPython+")", installPython)
	}
	// Let go test's result cache see the module, as trackInputs does.
	_, _ = os.Stat(strings.TrimSpace(stdout.String()))
	srv := startRemit(t)
	runScript(t, srv, "python", systemPython, "smoke.py")
}

// server is a running `remit serve`.
type server struct {
	url string
	log *syncBuffer
}

// startRemit starts remit on a free loopback port with a fresh database and
// waits until it answers /healthz; the test's cleanup stops it.
func startRemit(t *testing.T) *server {
	t.Helper()
	var last error
	// A port found free can be taken before remit binds it: try a few.
	for attempt := 0; attempt < 3; attempt++ {
		srv, err := tryStart(t)
		if err == nil {
			return srv
		}
		last = err
		if !errors.Is(err, errExited) {
			break
		}
	}
	t.Fatal(last)
	return nil
}

var errExited = errors.New("remit exited before it was healthy")

func tryStart(t *testing.T) (*server, error) {
	t.Helper()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	db := filepath.Join(t.TempDir(), "remit.db")
	log := &syncBuffer{}
	cmd := exec.Command(remitBin, "serve", "--addr", addr, "--db", db, "--api-key", apiKey)
	cmd.Stdout = log
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting remit: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(stopTimeout):
			_ = cmd.Process.Kill()
			<-exited
		}
	}

	url := "http://" + addr
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(healthTimeout)
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("%w (%v); its output:\n%s", errExited, err, log.String())
		default:
		}
		if resp, err := client.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("remit did not answer %s/healthz with 200 within %v; its output:\n%s", url, healthTimeout, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv := &server{url: url, log: log}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("remit's output:\n%s", tail(log.String(), 60))
		}
	})
	return srv, nil
}

// runScript runs one smoke script in dir against srv and fails the test
// with the script's output if it exits non-zero.
func runScript(t *testing.T, srv *server, dir, interpreter, script string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), scriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, interpreter, script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"REMIT_URL="+srv.url,
		"REMIT_KEY="+apiKey,
		// The server is on loopback: never route it through a proxy.
		"NO_PROXY=127.0.0.1,localhost",
		"no_proxy=127.0.0.1,localhost",
	)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() == context.DeadlineExceeded {
		t.Fatalf("%s %s did not finish within %v; its output:\n%s", filepath.Base(interpreter), script, scriptTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s %s failed: %v; its output:\n%s", filepath.Base(interpreter), script, err, out)
	}
	t.Logf("%s %s:\n%s", filepath.Base(interpreter), script, out)
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func tail(s string, lines int) string {
	parts := strings.SplitAfter(s, "\n")
	if len(parts) > lines {
		parts = append([]string{"...\n"}, parts[len(parts)-lines:]...)
	}
	return strings.Join(parts, "")
}

// syncBuffer is a bytes.Buffer that the server's output goroutines and the
// test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
