module github.com/kickflow/kickflow

go 1.26
