package contract_test

import (
	"bytes"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/holdtheline/holdtheline/workshop/contract"
)

func TestTheDefaultsAreTheContracts(t *testing.T) {
	var s contract.Settings
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	s.Register(fs, 5)
	require.NoError(t, fs.Parse(nil))
	assert.Equal(t, contract.Settings{
		Addr: "127.0.0.1:7005", Lookup: time.Second,
		Idle: 10 * time.Second, Grace: 5 * time.Second,
	}, s)
}

func TestTheStartUpLineNamesTheAddress(t *testing.T) {
	var out bytes.Buffer
	s := contract.Settings{Lookup: time.Second, Idle: 2 * time.Second,
		Grace: 3 * time.Second}
	contract.Announce(&out, "01-blocking", "127.0.0.1:40123", s,
		"backlog 128")
	assert.Equal(t, "01-blocking: listening on 127.0.0.1:40123 "+
		"(lookup 1s, idle 2s, grace 3s, backlog 128)\n", out.String())
	addr, ok := contract.ListeningAddr(out.String())
	require.True(t, ok)
	assert.Equal(t, "127.0.0.1:40123", addr)
	_, ok = contract.ListeningAddr("hello")
	assert.False(t, ok)
}

func TestSockaddrTakesIPLiteralsOnly(t *testing.T) {
	sa, domain, err := contract.Sockaddr("127.0.0.1:7001")
	require.NoError(t, err)
	assert.Equal(t, unix.AF_INET, domain)
	assert.Equal(t, "127.0.0.1:7001", contract.SockaddrString(sa))

	sa, domain, err = contract.Sockaddr("[::1]:0")
	require.NoError(t, err)
	assert.Equal(t, unix.AF_INET6, domain)
	assert.Equal(t, "[::1]:0", contract.SockaddrString(sa))

	_, _, err = contract.Sockaddr("localhost:7001")
	assert.Error(t, err)
}
