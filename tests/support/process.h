#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace thidua::testing {

// A child process started the way deploy/local/up starts the services, with stderr captured in a
// file so the test can read the structured log lines.
class Process {
 public:
  Process(const std::string& binary, const std::vector<std::string>& args,
          const std::string& log_path);
  ~Process();

  // Waits for a log line containing `needle`; returns it, or "" after `timeout_s`.
  std::string WaitForLog(const std::string& needle, double timeout_s) const;
  // Sends SIGTERM and returns the exit code (or -signal).
  int Terminate();
  // Waits for the process to exit by itself; returns its exit code.
  int Wait();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

// A loopback port no one listens on now, for a server a test starts later (or starts again after
// killing it) on a port its clients already know.
int UnusedLoopbackPort();

// Runs a command to completion; returns its exit code.
int Run(const std::string& binary, const std::vector<std::string>& args,
        const std::string& log_path);

}  // namespace thidua::testing
