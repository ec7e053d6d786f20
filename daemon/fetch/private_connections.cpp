// PrivateConnections::set_allowed — see private_connections.h.
#include "fetch/private_connections.h"

#include <sys/socket.h>

namespace gleaner::fetch {

void PrivateConnections::set_allowed(bool allowed) {
    const bool turned_off = allowed_ && !allowed;
    allowed_ = allowed;
    if (!turned_off) return;
    // shutdown, not close: the descriptor stays curl's until its close callback runs, so the number
    // cannot be reused under curl's feet.
    for (const curl_socket_t socket : sockets_) ::shutdown(socket, SHUT_RDWR);
}

}  // namespace gleaner::fetch
