module threatmap

go 1.26
