#!/bin/sh
# t_golden.sh -- the golden end-to-end cases (see run-golden.sh)
exec sh tests/run-golden.sh
