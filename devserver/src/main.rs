use devserver::config::{parse_args, usage, Parsed};

fn main() {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(c)) => c,
        Ok(Parsed::Help) => {
            print!("{}", usage());
            return;
        }
        Err(e) => {
            eprint!("devserver: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("devserver: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(devserver::run(config)) {
        eprintln!("devserver: {e}");
        std::process::exit(1);
    }
}
