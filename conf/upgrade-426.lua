-- upgrade-426.lua - the Upgrade field of a 426 behind lighttpd (mod_magnet,
-- run as each API response starts; conf/lighttpd.conf loads it)
--
-- RFC 9110 Section 15.5.22: a 426 must carry Upgrade.  lighttpd drops an
-- Upgrade field that comes from a FastCGI backend (it lets it through from
-- mod_proxy and mod_cgi only), so it is added here, by status: a 426
-- picked from a list gets it too, and no other status does.  lighttpd then
-- writes "Connection: upgrade" itself.  Over HTTP/2, Upgrade is a
-- connection-specific field, which RFC 9113 Section 8.2.2 forbids: the
-- worker leaves it out there, and so does this script.  Keep the value
-- equal to the worker's (fcgi-app/core/field_rules.c; a unit test compares
-- them).
-- (lighttpd 1.4.69 has the status in req_item; req_attr names it from
-- 1.4.7x on.)
local r = lighty.r
if tonumber(r.req_item.http_status) == 426
        and r.req_attr["request.protocol"] ~= "HTTP/2.0"
        and not r.resp_header["Upgrade"] then
    r.resp_header["Upgrade"] = "HTTP/3.0"
end
return 0
