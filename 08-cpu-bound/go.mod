module github.com/holdtheline/holdtheline/08-cpu-bound

go 1.26.0

require (
	github.com/holdtheline/holdtheline/01-blocking v0.0.0
	github.com/holdtheline/holdtheline/04-select v0.0.0
	github.com/holdtheline/holdtheline/05-epoll v0.0.0
	github.com/holdtheline/holdtheline/06-callbacks v0.0.0
	github.com/holdtheline/holdtheline/07-coroutines v0.0.0
	github.com/holdtheline/holdtheline/workshop v0.0.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.50.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
)

replace (
	github.com/holdtheline/holdtheline/01-blocking => ../01-blocking
	github.com/holdtheline/holdtheline/04-select => ../04-select
	github.com/holdtheline/holdtheline/05-epoll => ../05-epoll
	github.com/holdtheline/holdtheline/06-callbacks => ../06-callbacks
	github.com/holdtheline/holdtheline/07-coroutines => ../07-coroutines
	github.com/holdtheline/holdtheline/workshop => ../workshop
)
