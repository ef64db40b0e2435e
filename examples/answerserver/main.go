package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kickflow/kickflow/flow/redisstore"
)

// shutdownTimeout bounds how long a graceful shutdown waits for requests in
// progress (a kick waiting on the platform included).
const shutdownTimeout = 20 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run serves until ctx ends, then shuts down gracefully. args are the
// command-line arguments without the program name; getenv supplies the
// environment; logs go to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) (err error) {
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		if errors.Is(err, errHelp) {
			return nil
		}
		return err
	}
	cfg.logger = slog.New(slog.NewTextHandler(stdout, nil))
	if cfg.redisURL != "" {
		store, err := openRedis(ctx, cfg.redisURL, cfg.redisPrefix)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := store.Close(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("answerserver: %w", cerr))
			}
		}()
		cfg.store = store
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("answerserver: %w", err)
	}
	if cfg.publicURL == "" {
		cfg.publicURL = "http://" + ln.Addr().String()
	}
	h, err := newServer(cfg)
	if err != nil {
		return errors.Join(err, ln.Close())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	cfg.logger.Info("answerserver: listening", slog.String("addr", ln.Addr().String()),
		slog.String("public_url", cfg.publicURL), slog.Bool("signatures", !cfg.skipSignatures),
		slog.Bool("moderator_token", cfg.moderatorToken != ""), slog.Bool("redis", cfg.redisURL != ""), slog.String("redis_prefix", cfg.redisPrefix))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("answerserver: %w", err)
	case <-ctx.Done():
	}
	cfg.logger.Info("answerserver: shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("answerserver: shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("answerserver: %w", err)
	}
	return nil
}

// redisTimeout bounds the check that the Redis server answers at start.
const redisTimeout = 5 * time.Second

// openRedis opens the Redis store at url, with the key prefix (if not
// empty), and checks that it answers, so a wrong URL fails at start rather
// than on the first call.
func openRedis(ctx context.Context, url, prefix string) (*redisstore.Store, error) {
	var opts []redisstore.Option
	if prefix != "" {
		opts = append(opts, redisstore.WithPrefix(prefix))
	}
	store, err := redisstore.Open(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("answerserver: redis: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, redisTimeout)
	defer cancel()
	if err := store.Ping(pctx); err != nil {
		return nil, errors.Join(fmt.Errorf("answerserver: redis: %w", err), store.Close())
	}
	return store, nil
}
