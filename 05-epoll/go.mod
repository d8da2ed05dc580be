module github.com/holdtheline/holdtheline/05-epoll

go 1.26.0

require (
	github.com/holdtheline/holdtheline/01-blocking v0.0.0
	github.com/holdtheline/holdtheline/04-select v0.0.0
	github.com/holdtheline/holdtheline/workshop v0.0.0
	github.com/stretchr/testify v1.12.1
	golang.org/x/sys v0.50.0
)

replace (
	github.com/holdtheline/holdtheline/01-blocking => ../01-blocking
	github.com/holdtheline/holdtheline/04-select => ../04-select
	github.com/holdtheline/holdtheline/workshop => ../workshop
)
