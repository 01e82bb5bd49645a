from kgbuild.cli import main

if __name__ == "__main__":  # worker processes (--jobs) import this module without running it
    main()
