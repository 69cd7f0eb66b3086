// HttpSink: POSTs each alert to a URL (Falco's http_output; falcosidekick accepts the JSON as is).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_HTTP_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_HTTP_SINK_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

struct HttpSinkOptions {
  std::string url;
  std::string user_agent = "falcosecurity/falco";
  bool json_output = false;  // Content-Type application/json, else text/plain
  bool insecure = false;     // do not verify the server's certificate and host name
  std::string ca_cert;       // CA file ("" = system default)
  std::string ca_bundle;     // Falco's alias of ca_cert; used when ca_cert is empty
  std::string ca_path;       // CA directory
  bool mtls = false;
  std::string client_cert;
  std::string client_key;
  bool compress_uploads = false;  // gzip the body, Content-Encoding: gzip
  bool keep_alive = false;        // reuse the connection between alerts
  bool echo = false;              // write the server's response body to `echo_stream`
  FILE* echo_stream = stdout;     // borrowed
  int timeout_ms = 2000;          // whole request (Falco's output_timeout)
  int connect_timeout_ms = 1000;
  int max_retries = 3;           // further attempts after the first, on a transport error,
                                 // 408, 429 or 5xx
  int initial_backoff_ms = 100;  // doubled per retry, capped at max_backoff_ms
  int max_backoff_ms = 2000;
};

// One libcurl easy handle, reused for every alert (with keep_alive the connection too). A
// response 2xx is delivery; other 4xx fail at once; transport errors, 408, 429 and 5xx are
// retried with exponential backoff. Cancellation (shutdown deadline) aborts a transfer in flight
// and the backoff sleeps. Owns the handle. Thread contract: Sink's.
class HttpSink final : public Sink {
 public:
  static absl::StatusOr<std::unique_ptr<HttpSink>> Create(HttpSinkOptions options);
  ~HttpSink() override;
  std::string name() const override { return "http"; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override;
  void Reopen() override;

  // Attempts made so far, including retries; for tests and metrics.
  uint64_t attempts() const { return attempts_; }

 private:
  explicit HttpSink(HttpSinkOptions options) : options_(std::move(options)) {}
  absl::Status Setup();
  // One POST; `retry` says whether the failure is worth another attempt.
  absl::Status PostOnce(const std::string& body, const std::atomic<bool>& cancelled, bool* retry);

  HttpSinkOptions options_;
  void* curl_ = nullptr;     // CURL*
  void* headers_ = nullptr;  // curl_slist*
  std::string response_;
  uint64_t attempts_ = 0;
};

// gzip (RFC 1952) of `data` with zlib; for compress_uploads.
absl::StatusOr<std::string> GzipCompress(const std::string& data);

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_HTTP_SINK_H_
