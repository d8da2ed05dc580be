package main

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// What the claims read of the server and the kernel from /proc.

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
