package hostapi

import (
	"errors"
	"io"
	"net/http"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/hostapi/client/apitype"
)

// maxImport bounds an import: a few dozen personas with avatars.
const maxImport = 32 << 20

func (s *Server) personaInfo(p app.Persona) PersonaInfo {
	return PersonaInfo{Persona: wirePersona(p), Current: p.ID == s.host.CurrentPersona().ID, CustomAvatar: s.host.CustomAvatar(p.ID), AvatarURL: s.host.AvatarURL(p.ID, 132)}
}

func (s *Server) listPersonas(w http.ResponseWriter, r *http.Request) {
	ps, err := s.host.Personas()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := PersonaList{Current: s.host.CurrentPersona().ID, Personas: []PersonaInfo{}}
	for _, p := range ps {
		out.Personas = append(out.Personas, s.personaInfo(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createPersona(w http.ResponseWriter, r *http.Request) {
	var req apitype.Persona
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	p, err := s.host.CreatePersona(r.Context(), app.Persona(req))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.personaInfo(p))
}

func (s *Server) updatePersona(w http.ResponseWriter, r *http.Request) {
	var req apitype.PersonaChange
	if !readBody(w, r, MaxBody, &req) {
		return
	}
	p, err := s.host.UpdatePersona(r.Context(), r.PathValue("id"), app.PersonaChange(req))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.personaInfo(p))
}

func (s *Server) deletePersona(w http.ResponseWriter, r *http.Request) {
	if err := s.host.DeletePersona(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": r.PathValue("id")})
}

func (s *Server) switchPersona(w http.ResponseWriter, r *http.Request) {
	if err := s.host.SwitchPersona(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.listPersonas(w, r)
}

// putAvatar takes the image file itself as the body (Content-Type image/png
// or image/jpeg; the content decides).
func (s *Server) putAvatar(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, app.MaxAvatarBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		controlErr(w, http.StatusRequestEntityTooLarge, "avatar larger than %d bytes", app.MaxAvatarBytes)
		return
	}
	if err != nil {
		controlErr(w, http.StatusBadRequest, "reading avatar: %v", err)
		return
	}
	if err := s.host.SetAvatar(r.Context(), r.PathValue("id"), data); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writePersona(w, r, r.PathValue("id"))
}

// writePersona answers with a persona as it is now.
func (s *Server) writePersona(w http.ResponseWriter, r *http.Request, id string) {
	p, err := s.host.Persona(id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.personaInfo(p))
}

func (s *Server) deleteAvatar(w http.ResponseWriter, r *http.Request) {
	if err := s.host.ClearAvatar(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writePersona(w, r, r.PathValue("id"))
}

func (s *Server) exportPersonas(w http.ResponseWriter, r *http.Request) {
	ps, err := s.host.ExportPersonas(r.URL.Query()["id"]...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, PersonaFile{Format: PersonaFileFormat, Personas: wirePersonaExports(ps)})
}

func (s *Server) importPersonas(w http.ResponseWriter, r *http.Request) {
	var f PersonaFile
	if !readBody(w, r, maxImport, &f) {
		return
	}
	if f.Format != PersonaFileFormat {
		controlErr(w, http.StatusBadRequest, "format %q: want %q (a file written by minihost ctl personas export)", f.Format, PersonaFileFormat)
		return
	}
	if err := s.host.ImportPersonas(r.Context(), domainPersonaExports(f.Personas)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.listPersonas(w, r)
}
