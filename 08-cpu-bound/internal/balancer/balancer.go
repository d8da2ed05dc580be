// Package balancer runs HAProxy (Debian's package, TCP mode) in front
// of several operators: the chapter's "more machines", each machine a
// loopback address of its own (127.0.0.2, 127.0.0.3, ...). HAProxy
// picks up the TCP connection and opens one to an operator; it does
// not read the phone line's protocol at all.
package balancer

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Install is the command that installs HAProxy, as .ci/run runs it.
var Install = []string{"apt-get", "install", "-y", "-qq", "haproxy"}

// Find returns HAProxy's path, installing Debian's package first if it
// is missing and this is root on a machine with apt-get, as CI is. It
// fails, and says how to install, otherwise.
func Find() (string, error) {
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p, nil
	}
	if _, err := exec.LookPath("apt-get"); err == nil && os.Geteuid() == 0 {
		out, err := exec.Command(Install[0], Install[1:]...).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("%s: %v\n%s", strings.Join(Install, " "),
				err, out)
		}
		return exec.LookPath("haproxy")
	}
	return "", errors.New("haproxy is not installed: install it " +
		"(Debian or Ubuntu: sudo apt-get install haproxy)")
}

// A Balancer is one HAProxy process.
type Balancer struct {
	Addr  string // where callers dial
	stats string // the stats socket
	cmd   *exec.Cmd
}

// config is HAProxy's configuration: TCP in, round robin over the
// operators, a stats socket to count who got what.
const config = `global
	maxconn 4096
	stats socket %s level operator
defaults
	mode tcp
	timeout connect 5s
	timeout client 60s
	timeout server 60s
frontend phones
	bind %s
	default_backend operators
backend operators
	balance roundrobin
%s`

// Start runs HAProxy from bin in dir, listening on addr and sending
// each caller to one of operators in turn. Its output goes to log.
func Start(bin, dir, addr string, operators []string,
	log *os.File) (*Balancer, error) {
	var servers strings.Builder
	for i, o := range operators {
		fmt.Fprintf(&servers, "\tserver op%d %s\n", i+1, o)
	}
	stats := filepath.Join(dir, "stats.sock")
	cfg := filepath.Join(dir, "haproxy.cfg")
	err := os.WriteFile(cfg, fmt.Appendf(nil, config, stats, addr,
		servers.String()), 0o644)
	if err != nil {
		return nil, err
	}
	// -db: stay in the foreground, so SIGTERM to it is its end.
	cmd := exec.Command(bin, "-db", "-f", cfg)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	b := &Balancer{Addr: addr, stats: stats, cmd: cmd}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("unix", stats); err == nil {
			c.Close()
			return b, nil
		}
		if time.Now().After(deadline) {
			b.Stop()
			return nil, fmt.Errorf("haproxy did not start within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Sessions says how many calls HAProxy has passed to each operator,
// by the name Start gave it (op1, op2, ...), from its stats socket.
func (b *Balancer) Sessions() (map[string]int, error) {
	c, err := net.Dial("unix", b.stats)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if _, err := c.Write([]byte("show stat\n")); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(c)
	var cols []string
	got := map[string]int{}
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			cols = strings.Split(rest, ",")
			continue
		}
		f := strings.Split(line, ",")
		if len(f) < len(cols) || f[0] != "operators" ||
			!strings.HasPrefix(f[1], "op") {
			continue
		}
		for i, c := range cols {
			if c == "stot" {
				got[f[1]], _ = strconv.Atoi(f[i])
			}
		}
	}
	return got, sc.Err()
}

// Stop ends HAProxy and waits for it.
func (b *Balancer) Stop() {
	b.cmd.Process.Signal(os.Interrupt)
	b.cmd.Wait()
}

// FreePort is a free TCP port on host for the balancer to listen on:
// HAProxy takes an address, not a port 0.
func FreePort(host string) (string, error) {
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
