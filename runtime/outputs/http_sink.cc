#include "runtime/outputs/http_sink.h"

#include <curl/curl.h>
#include <zlib.h>

#include <algorithm>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace peregrine::runtime::outputs {
namespace {

size_t CollectResponse(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// A non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load(std::memory_order_relaxed) ? 1 : 0;
}

absl::Status GlobalInit() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    return absl::InternalError(
        absl::StrCat("http output: curl_global_init: ", curl_easy_strerror(rc)));
  }
  return absl::OkStatus();
}

// Sleeps `ms`, waking early when cancelled.
void SleepUnlessCancelled(int ms, const std::atomic<bool>& cancelled) {
  const absl::Time end = absl::Now() + absl::Milliseconds(ms);
  while (!cancelled.load(std::memory_order_relaxed) && absl::Now() < end) {
    absl::SleepFor(std::min(absl::Milliseconds(10), end - absl::Now()));
  }
}

}  // namespace

absl::StatusOr<std::string> GzipCompress(const std::string& data) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return absl::InternalError("http output: deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return absl::InternalError("http output: gzip compression failed");
  return out;
}

absl::StatusOr<std::unique_ptr<HttpSink>> HttpSink::Create(HttpSinkOptions options) {
  if (options.url.empty()) return absl::InvalidArgumentError("http output: url is empty");
  std::unique_ptr<HttpSink> sink(new HttpSink(std::move(options)));
  if (absl::Status s = sink->Setup(); !s.ok()) return s;
  return sink;
}

HttpSink::~HttpSink() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
  if (headers_ != nullptr) curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

absl::Status HttpSink::Setup() {
  if (absl::Status s = GlobalInit(); !s.ok()) return s;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("http output: curl_easy_init failed");
  curl_ = curl;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, options_.json_output ? "Content-Type: application/json"
                                                            : "Content-Type: text/plain");
  if (options_.compress_uploads) headers = curl_slist_append(headers, "Content-Encoding: gzip");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  headers_ = headers;

  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, options_.keep_alive ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, options_.keep_alive ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectResponse);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response_);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, Progress);
  if (options_.insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const std::string& ca_file = !options_.ca_cert.empty() ? options_.ca_cert : options_.ca_bundle;
  if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
  if (!options_.ca_path.empty()) curl_easy_setopt(curl, CURLOPT_CAPATH, options_.ca_path.c_str());
  if (options_.mtls) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, options_.client_cert.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, options_.client_key.c_str());
  }
  return absl::OkStatus();
}

void HttpSink::Reopen() {
  // Dropping the handle's connection cache: the next request connects afresh.
  if (curl_ != nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_ = nullptr;
  }
  if (headers_ != nullptr) {
    curl_slist_free_all(static_cast<curl_slist*>(headers_));
    headers_ = nullptr;
  }
}

absl::Status HttpSink::PostOnce(const std::string& body, const std::atomic<bool>& cancelled,
                                bool* retry) {
  CURL* curl = static_cast<CURL*>(curl_);
  response_.clear();
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &cancelled);
  ++attempts_;
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    // Certificate and option problems will not fix themselves; network trouble may.
    *retry = rc != CURLE_ABORTED_BY_CALLBACK && rc != CURLE_SSL_CACERT_BADFILE &&
             rc != CURLE_SSL_CERTPROBLEM && rc != CURLE_PEER_FAILED_VERIFICATION &&
             rc != CURLE_URL_MALFORMAT && rc != CURLE_UNSUPPORTED_PROTOCOL;
    return absl::UnavailableError(
        absl::StrCat("http output: POST ", options_.url, ": ", curl_easy_strerror(rc)));
  }
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  if (options_.echo && options_.echo_stream != nullptr) {
    std::fwrite(response_.data(), 1, response_.size(), options_.echo_stream);
    std::fputc('\n', options_.echo_stream);
  }
  if (code >= 200 && code < 300) return absl::OkStatus();
  *retry = code == 408 || code == 429 || code >= 500;
  return absl::UnavailableError(
      absl::StrCat("http output: POST ", options_.url, ": HTTP status ", code));
}

absl::Status HttpSink::Write(const Alert& alert, const std::atomic<bool>& cancelled) {
  if (curl_ == nullptr) {
    if (absl::Status s = Setup(); !s.ok()) return s;
  }
  std::string compressed;
  if (options_.compress_uploads) {
    absl::StatusOr<std::string> gz = GzipCompress(alert.message);
    if (!gz.ok()) return gz.status();
    compressed = *std::move(gz);
  }
  const std::string& body = options_.compress_uploads ? compressed : alert.message;
  int backoff = options_.initial_backoff_ms;
  absl::Status last;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    if (attempt > 0) {
      SleepUnlessCancelled(backoff, cancelled);
      backoff = std::min(backoff * 2, options_.max_backoff_ms);
    }
    if (cancelled.load(std::memory_order_relaxed)) {
      return absl::CancelledError("http output: shutdown deadline passed");
    }
    bool retry = false;
    last = PostOnce(body, cancelled, &retry);
    if (last.ok() || !retry) return last;
  }
  return last;
}

}  // namespace peregrine::runtime::outputs
