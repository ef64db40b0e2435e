// Package flow pairs each conference kick with the XML document the kicked
// caller hears next.
package flow
