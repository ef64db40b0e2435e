// Package readme holds no code: its test checks that every Go snippet in
// the module's README.md is held, line for line, by a compiled test in the
// package the snippet shows, so a snippet cannot drift from the API.
package readme
