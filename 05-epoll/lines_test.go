package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// The callers the claims make by hand, where the workshop's fleet is
// not the tool: callers who hold the line and say nothing, or ask and
// then wait to be told to listen.

// holdSilently dials n callers at once. Each reads one line (the
// greeting, or busy) within patience and then says nothing. It
// returns the connections, still open (closed when the test ends),
// and how many heard what; a caller still ringing counts under "".
func holdSilently(t *testing.T, addr string, n int,
	patience time.Duration) ([]net.Conn, map[string]int) {
	t.Helper()
	var mu sync.Mutex
	var conns []net.Conn
	heard := map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := net.DialTimeout("tcp", addr, 10*time.Second)
			if err != nil {
				mu.Lock()
				defer mu.Unlock()
				heard["dial: "+err.Error()]++
				return
			}
			c.SetReadDeadline(time.Now().Add(patience))
			line, _ := bufio.NewReader(c).ReadString('\n')
			mu.Lock()
			defer mu.Unlock()
			conns = append(conns, c)
			heard[line]++
		})
	}
	wg.Wait()
	t.Cleanup(func() { hangUpAll(conns) })
	return conns, heard
}

func hangUpAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// ask makes one call for name and returns all the operator said after
// the greeting (or the busy line, if that was all).
func ask(t *testing.T, addr, name string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	require.NoError(t, err)
	defer c.Close()
	c.SetDeadline(time.Now().Add(15 * time.Second))
	r := bufio.NewReader(c)
	first, err := r.ReadString('\n')
	require.NoError(t, err, "picked up")
	if first != phone.Greeting {
		return first
	}
	_, err = c.Write([]byte(name + "\n"))
	require.NoError(t, err)
	rest, _ := io.ReadAll(r)
	return string(rest)
}

// taskIDs returns the ids of the server's OS threads now.
func taskIDs(t testing.TB, srv *phonetest.Server) []int {
	t.Helper()
	tasks, err := os.ReadDir("/proc/" + strconv.Itoa(srv.Pid) + "/task")
	require.NoError(t, err)
	var ids []int
	for _, task := range tasks {
		id, err := strconv.Atoi(task.Name())
		require.NoError(t, err)
		ids = append(ids, id)
	}
	return ids
}

// kernelBytes is what the kernel holds for sockets, machine-wide:
// the slab objects a TCP connection is made of (the socket, its inode,
// its open file and dentry, an epoll entry while it is watched) and
// the TCP buffers (/proc/net/sockstat "mem", in pages). A process's
// RSS counts none of it. Zero when /proc/slabinfo cannot be read (it
// needs root).
func kernelBytes(t testing.TB) int64 {
	t.Helper()
	slabs, err := os.ReadFile("/proc/slabinfo")
	if err != nil {
		return 0
	}
	var total int64
	for line := range strings.Lines(string(slabs)) {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		switch f[0] {
		case "TCP", "sock_inode_cache", "filp", "dentry", "eventpoll_epi":
			objs, err1 := strconv.ParseInt(f[1], 10, 64)
			size, err2 := strconv.ParseInt(f[3], 10, 64)
			if err1 == nil && err2 == nil {
				total += objs * size
			}
		}
	}
	stat, err := os.ReadFile("/proc/net/sockstat")
	require.NoError(t, err)
	for line := range strings.Lines(string(stat)) {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "TCP:" {
			continue
		}
		for i := 1; i+1 < len(f); i += 2 {
			if f[i] == "mem" {
				pages, err := strconv.ParseInt(f[i+1], 10, 64)
				require.NoError(t, err)
				total += pages * int64(os.Getpagesize())
			}
		}
	}
	return total
}
