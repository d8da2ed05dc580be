module example.com/listed

go 1.25.3
