// rulec: the rule compiler and linter. Subcommands: lint, explain, compile, test, bundle.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tools/rulec/bundle_command.h"
#include "tools/rulec/compile_command.h"
#include "tools/rulec/explain_command.h"
#include "tools/rulec/lint_command.h"
#include "tools/rulec/test_command.h"

namespace {

constexpr char kUsage[] =
    "usage: rulec <command> [options] PATH...\n"
    "commands:\n"
    "  lint     check rules files the way Falco loads them (file:line:col diagnostics)\n"
    "  explain  show what each rule compiles to: expansion, event types, IR, kernel plan\n"
    "           (--llvm-ir: the LLVM IR the JIT generates)\n"
    "  compile  compile the rules to native code; print the time of each stage\n"
    "  test     replay a capture (--capture FILE) through the rules; print alerts and a summary\n"
    "  bundle   write a rules bundle (-o OUT.tar.gz --version V) for peregrine --bundle\n"
    "run `rulec <command> --help` for a command's options\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "lint") return peregrine::rulec::RunLint(args);
  if (command == "explain") return peregrine::rulec::RunExplain(args);
  if (command == "compile") return peregrine::rulec::RunCompile(args);
  if (command == "test") return peregrine::rulec::RunTest(args);
  if (command == "bundle") return peregrine::rulec::RunBundle(args);
  if (command == "-h" || command == "--help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::fprintf(stderr, "rulec: unknown command '%s'\n%s", command.c_str(), kUsage);
  return 2;
}
