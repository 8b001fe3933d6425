//! Synthetic corpus generator and scale benchmarks (issue 5). PLACEHOLDER SKELETON.

fn main() {
    eprintln!("vanban-bench: not implemented yet");
    std::process::exit(2);
}
