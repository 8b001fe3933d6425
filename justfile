# Everyday recipes. Plain cargo works too: see README.md.

default: test

# Run the whole test suite.
test:
    cargo test --workspace

# Formatting and lints exactly as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Format the code.
fmt:
    cargo fmt --all

# Extract references, relations and metrics from the bundled corpus to JSON Lines.
run:
    cargo run --release -- extract corpus/ --output target/corpus.jsonl

# CI's script.
ci:
    bash .ci/run

# All criterion benchmarks.
bench:
    cargo bench --workspace
