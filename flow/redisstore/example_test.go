package redisstore_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick"
)

// ExampleOpen wires a Flow to a shared Redis store. It needs a server, so
// it is compiled but not run.
func ExampleOpen() {
	store, err := redisstore.Open(os.Getenv("REDIS_URL"), redisstore.WithPrefix("myapp"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if err := store.Ping(context.Background()); err != nil {
		log.Fatal(err)
	}
	client, err := kick.New(os.Getenv("VOBIZ_AUTH_ID"), os.Getenv("VOBIZ_AUTH_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	f, err := flow.New(client, "https://app.example.com/vobiz",
		flow.WithAuthToken(os.Getenv("VOBIZ_AUTH_TOKEN")), flow.WithStore(store))
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/vobiz/", f)
}

// A server that cannot be reached makes every method return an error,
// which the flow's continue handler logs before serving its default
// document.
func Example_unreachable() {
	store, err := redisstore.Open("redis://127.0.0.1:1/0", redisstore.WithPrefix("myapp"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err = store.TakeContinuation(ctx, "call-a", flow.DefaultGrace)
	fmt.Println(strings.HasPrefix(err.Error(), `redisstore: take continuation of call "call-a": `))
	// Output: true
}
