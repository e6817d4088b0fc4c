#pragma once
#include <curl/curl.h>

/* Typed, non-variadic forwards of libcurl's variadic calls, which Swift cannot import.
   One function per argument kind; no logic beyond forwarding. */

CURLcode cnewsd_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cnewsd_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode cnewsd_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode cnewsd_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode cnewsd_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode cnewsd_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode cnewsd_easy_setopt_opensocket_function(CURL *handle, curl_opensocket_callback callback);
CURLcode cnewsd_easy_setopt_sockopt_function(CURL *handle, curl_sockopt_callback callback);
CURLcode cnewsd_easy_setopt_closesocket_function(CURL *handle, curl_closesocket_callback callback);
CURLcode cnewsd_easy_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback);

CURLcode cnewsd_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode cnewsd_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode cnewsd_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode cnewsd_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode cnewsd_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode cnewsd_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);
CURLMcode cnewsd_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback);
CURLMcode cnewsd_multi_setopt_timer_function(CURLM *multi, curl_multi_timer_callback callback);
