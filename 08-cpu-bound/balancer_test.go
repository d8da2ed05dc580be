package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/holdtheline/holdtheline/08-cpu-bound/internal/balancer"
	"github.com/holdtheline/holdtheline/workshop/phone"
	"github.com/holdtheline/holdtheline/workshop/phonetest"
)

// README: "HAProxy, in TCP mode, in front of two procs servers on
// 127.0.0.2 and 127.0.0.3, passes every call through and spreads them
// in turn". 20 callers through it: every one answered, and HAProxy's
// own count gives each server half.
func TestHAProxyPassesEveryCallToTheServersInTurn(t *testing.T) {
	needsExercises(t)
	bin, err := balancer.Find()
	require.NoError(t, err)
	var ops []string
	for _, host := range []string{"127.0.0.2", "127.0.0.3"} {
		srv := phonetest.StartHere(t, "-addr", host+":0", "-strategy",
			"procs", "-n", "2", "-work", "5ms", "-lookup", "0s")
		ops = append(ops, srv.Addr)
	}
	addr, err := balancer.FreePort("127.0.0.1")
	require.NoError(t, err)
	dir := t.TempDir()
	log, err := os.Create(filepath.Join(dir, "haproxy.log"))
	require.NoError(t, err)
	defer log.Close()
	b, err := balancer.Start(bin, dir, addr, ops, log)
	require.NoError(t, err)
	defer b.Stop()

	const callers = 20
	for i := range callers {
		name := expensive(i)
		assert.Equal(t, name+": "+phone.Number(name)+"\n",
			phonetest.Ask(t, addr, name))
	}
	got, err := b.Sessions()
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"op1": callers / 2, "op2": callers / 2},
		got, "calls HAProxy passed to each server")
}
