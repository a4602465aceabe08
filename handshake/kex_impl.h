/* handshake/kex_impl.h — the per-key-exchange steps behind kex.h (kex.c dispatches to them). */
#ifndef GLASSTLS_HANDSHAKE_KEX_IMPL_H
#define GLASSTLS_HANDSHAKE_KEX_IMPL_H

#include "handshake/kex.h"

int hs_kex_ecdhe_server_params(hs_engine *e, struct hs_server_key_exchange *ske);
int hs_kex_ecdhe_client_params(hs_engine *e, const struct hs_server_key_exchange *ske);
int hs_kex_ecdhe_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len);
int hs_kex_ecdhe_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                               size_t *pms_len);

int hs_kex_rsa_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len);
int hs_kex_rsa_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                             size_t *pms_len);

int hs_kex_dhe_server_params(hs_engine *e, struct hs_server_key_exchange *ske);
int hs_kex_dhe_client_params(hs_engine *e, const struct hs_server_key_exchange *ske);
int hs_kex_dhe_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len);
int hs_kex_dhe_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                             size_t *pms_len);

#endif
