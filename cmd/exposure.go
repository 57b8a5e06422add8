package main

import (
	"flag"
	"fmt"
	"net"
)

// checkMetricsExposure refuses plain, unauthenticated metrics on an
// interface other machines reach, unless asked for in so many words
// (--metrics-secure=false): the incidents' names and owners are in the
// series. The loopback, a disabled endpoint and secure serving pass.
func checkMetricsExposure(addr string, secure, secureFlagSet bool) error {
	if addr == "0" || secure || secureFlagSet {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--metrics-bind-address=%s: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("--metrics-bind-address=%s serves plain, unauthenticated metrics beyond this machine: "+
		"add --metrics-secure (HTTPS, each scrape authorised through the API server), bind to 127.0.0.1, "+
		"or pass --metrics-secure=false to serve them plain on purpose", addr)
}

// flagSet tells whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
